import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { commonErrors, idParams, isoDate, okReply } from '../../http/schemas.ts';
import * as dict from './service.ts';

const item = z.object({
  id: z.number(), kind: z.string(), code: z.string(), parentCode: z.string().nullable(), labelZh: z.string(), labelEn: z.string(),
  sort: z.number(), active: z.boolean(), builtIn: z.boolean(), createdAt: isoDate, updatedAt: isoDate,
});

export default function routes(app: App, ctx: Ctx) {
  const tags = ['dictionaries'];
  app.get('/dictionaries/kinds', { schema: { tags, summary: 'Dictionary kinds', response: { 200: z.array(z.object({ kind: z.string(), labelZh: z.string(), labelEn: z.string() })) } } },
    async () => dict.listKinds());

  app.get('/dictionaries', {
    schema: { tags, summary: 'Dictionary values', querystring: z.object({ kind: z.string().max(64).optional(), activeOnly: z.enum(['true', 'false']).optional() }), response: { 200: z.array(item), ...commonErrors } },
  }, async (req) => dict.listItems(ctx.db.db, { kind: req.query.kind, activeOnly: req.query.activeOnly === 'true' }));

  app.post('/dictionaries', {
    config: { permission: 'dictionary.manage' },
    schema: {
      tags, summary: 'Add a value',
      body: z.object({
        kind: z.string().max(64), code: z.string().regex(/^[a-z0-9_]{1,32}$/), parentCode: z.string().max(32).nullish(),
        labelZh: z.string().trim().min(1).max(64), labelEn: z.string().trim().min(1).max(64), sort: z.number().int().optional(), active: z.boolean().optional(),
      }),
      response: { 200: item, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => dict.createItem(tx, actor, req.body)));

  app.patch('/dictionaries/:id', {
    config: { permission: 'dictionary.manage' },
    schema: {
      tags, summary: 'Edit labels, order or active flag', params: idParams,
      body: z.object({ labelZh: z.string().trim().min(1).max(64).optional(), labelEn: z.string().trim().min(1).max(64).optional(), sort: z.number().int().optional(), active: z.boolean().optional() }).strict(),
      response: { 200: item, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => dict.updateItem(tx, actor, req.params.id, req.body)));

  app.delete('/dictionaries/:id', {
    config: { permission: 'dictionary.manage' },
    schema: { tags, summary: 'Delete an unused value (values in use can only be deactivated)', params: idParams, response: { 200: okReply, ...commonErrors } },
  }, async (req) => {
    await ctx.act(req, (tx, actor) => dict.deleteItem(tx, actor, req.params.id));
    return { ok: true as const };
  });
}
