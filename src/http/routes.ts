// Every module's routes, in menu order. A module adds its register function here.
import type { App, Ctx } from './context.ts';
import auth from '../modules/auth/routes.ts';
import audit from '../modules/audit/routes.ts';
import dictionaries from '../modules/dictionaries/routes.ts';
import complaints from '../modules/complaints/routes.ts';
import merchants from '../modules/merchants/routes.ts';
import customers from '../modules/customers/routes.ts';
import membership from '../modules/membership/routes.ts';
import notify from '../modules/notify/routes.ts';
import cards from '../modules/cards/routes.ts';
import points from '../modules/points/routes.ts';
import activities from '../modules/activities/routes.ts';
import care from '../modules/care/routes.ts';
import member360 from '../modules/member360/routes.ts';
import jobs from '../jobs/routes.ts';
import home from '../modules/home/routes.ts';
import analysis from '../modules/analysis/routes.ts';
import segments from '../modules/segments/routes.ts';
import sales from '../modules/sales/routes.ts';
import calls from '../modules/calls/routes.ts';
import service from '../modules/service/routes.ts';
import portal from '../modules/portal/routes.ts';
import '../modules/listeners.ts'; // every module's hook handlers, registered before any request can fire them

export const moduleRoutes: ((app: App, ctx: Ctx) => Promise<void> | void)[] = [auth, audit, dictionaries, customers, membership, notify, cards, points, activities, care, complaints, merchants, member360, jobs, home, analysis, segments, sales, service, portal, calls];
