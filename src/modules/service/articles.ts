// Knowledge base (知识库): articles in plain text (shown as text, never as HTML), a category from
// a dictionary, tags, draft → published (service.manage), searched by ILIKE on title, body and
// tags (Chinese text is matched as typed), linked to the tickets they answered. Company-wide:
// the knowledge base has no data scope; drafts are seen by those who write or publish articles.
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { AppError, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { can, type Actor } from '../auth/actor.ts';
import { assertActiveValue, registerDictionaryUsage } from '../dictionaries/service.ts';
import { serviceArticles, serviceTicketArticles, serviceTicketEvents, type ArticleStatus } from './schema.ts';
import { getTicketInScope } from './tickets.ts';
import './messages.ts';

export type ArticleRow = typeof serviceArticles.$inferSelect;

registerDictionaryUsage('kb_category', async (tx, code) => {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(serviceArticles).where(and(eq(serviceArticles.category, code), isNull(serviceArticles.deletedAt)));
  return n;
});

const mayPublish = (actor: Actor) => can(actor, 'service.manage');
/** Drafts are seen by those who write or publish articles. */
const maySeeDrafts = (actor: Actor) => can(actor, 'service.write') || mayPublish(actor);

/** A live article; a draft exists only for those who may publish (404 for others). */
export async function getArticle(tx: Tx, actor: Actor, id: number, opts: { lock?: boolean } = {}): Promise<ArticleRow> {
  const q = tx.select().from(serviceArticles).where(and(
    eq(serviceArticles.id, id), isNull(serviceArticles.deletedAt), maySeeDrafts(actor) ? undefined : eq(serviceArticles.status, 'published'),
  ));
  const [a] = opts.lock ? await q.for('update') : await q;
  if (!a) throw notFound('serviceArticle', id);
  return a;
}

export const cleanTags = (tags: string[] | undefined) => [...new Set((tags ?? []).map((t) => t.trim()).filter(Boolean))];

export interface ArticleInput { category: string; title: string; body: string; tags?: string[] }

export async function createArticle(tx: Tx, actor: Actor, input: ArticleInput, now: Date) {
  await assertActiveValue(tx, 'kb_category', input.category, 'category');
  const [a] = await tx.insert(serviceArticles).values({
    category: input.category, title: input.title.trim(), body: input.body.trim(), tags: cleanTags(input.tags), status: 'draft',
    createdBy: actor.name, updatedBy: actor.name, createdAt: now, updatedAt: now,
  }).returning();
  await recordAudit(tx, actor, { action: 'serviceArticle.create', entityType: 'serviceArticle', entityId: a.id, after: a });
  return a;
}

/** Edits an article. A published article stays published: only those who may publish edit it. */
export async function updateArticle(tx: Tx, actor: Actor, id: number, patch: Partial<ArticleInput>, now: Date) {
  const before = await getArticle(tx, actor, id, { lock: true });
  if (before.status === 'published' && !mayPublish(actor)) throw new AppError(403, 'FORBIDDEN', 'auth.forbidden', { permission: 'service.manage' });
  const set: Partial<ArticleRow> = {};
  if (patch.category !== undefined) { await assertActiveValue(tx, 'kb_category', patch.category, 'category'); set.category = patch.category; }
  if (patch.title !== undefined) set.title = patch.title.trim();
  if (patch.body !== undefined) set.body = patch.body.trim();
  if (patch.tags !== undefined) set.tags = cleanTags(patch.tags);
  if (!Object.keys(set).length) throw invalidField('title', 'service.noChange');
  const [after] = await tx.update(serviceArticles).set({ ...set, updatedBy: actor.name, updatedAt: now }).where(eq(serviceArticles.id, id)).returning();
  await recordAudit(tx, actor, { action: 'serviceArticle.update', entityType: 'serviceArticle', entityId: id, before, after });
  return after;
}

export async function setArticleStatus(tx: Tx, actor: Actor, id: number, status: ArticleStatus, now: Date) {
  const before = await getArticle(tx, actor, id, { lock: true });
  if (before.status === status) throw invalidField('status', 'service.alreadyStatus');
  const [after] = await tx.update(serviceArticles).set({
    status, publishedAt: status === 'published' ? now : before.publishedAt, updatedBy: actor.name, updatedAt: now,
  }).where(eq(serviceArticles.id, id)).returning();
  await recordAudit(tx, actor, {
    action: status === 'published' ? 'serviceArticle.publish' : 'serviceArticle.unpublish', entityType: 'serviceArticle', entityId: id,
    before: { status: before.status }, after: { status },
  });
  return after;
}

export async function deleteArticle(tx: Tx, actor: Actor, id: number, now: Date) {
  const before = await getArticle(tx, actor, id, { lock: true });
  await tx.update(serviceArticles).set({ deletedAt: now, updatedBy: actor.name, updatedAt: now }).where(eq(serviceArticles.id, id));
  await recordAudit(tx, actor, { action: 'serviceArticle.delete', entityType: 'serviceArticle', entityId: id, before });
}

/** Opening a published article counts a view (not an audited change: nothing about the article changes). */
export async function openArticle(tx: Tx, actor: Actor, id: number) {
  const a = await getArticle(tx, actor, id);
  if (a.status !== 'published') return { ...a, tickets: await ticketsUsing(tx, id) };
  const [after] = await tx.update(serviceArticles).set({ viewCount: sql`${serviceArticles.viewCount} + 1` }).where(eq(serviceArticles.id, id)).returning();
  return { ...after, tickets: await ticketsUsing(tx, id) };
}

async function ticketsUsing(tx: Tx, articleId: number) {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(serviceTicketArticles).where(eq(serviceTicketArticles.articleId, articleId));
  return n;
}

export interface ArticleQuery { page: number; pageSize: number; q?: string; category?: string; status?: ArticleStatus; tag?: string }

export async function listArticles(tx: Tx, actor: Actor, q: ArticleQuery) {
  const conds: (SQL | undefined)[] = [isNull(serviceArticles.deletedAt)];
  if (!maySeeDrafts(actor)) conds.push(eq(serviceArticles.status, 'published'));
  else if (q.status) conds.push(eq(serviceArticles.status, q.status));
  if (q.category) conds.push(eq(serviceArticles.category, q.category));
  if (q.tag?.trim()) conds.push(sql`${q.tag.trim()} = ANY(${serviceArticles.tags})`);
  for (const word of (q.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5)) {
    const like = `%${word.replace(/[%_\\]/g, '\\$&')}%`;
    conds.push(sql`(${serviceArticles.title} ILIKE ${like} OR ${serviceArticles.body} ILIKE ${like} OR array_to_string(${serviceArticles.tags}, ' ') ILIKE ${like})`);
  }
  const where = and(...conds);
  const firstWord = (q.q ?? '').trim().split(/\s+/)[0];
  const titleFirst = firstWord ? sql`(${serviceArticles.title} ILIKE ${`%${firstWord.replace(/[%_\\]/g, '\\$&')}%`}) DESC` : sql`1`;
  const items = await tx.select({
    id: serviceArticles.id, category: serviceArticles.category, title: serviceArticles.title, tags: serviceArticles.tags, status: serviceArticles.status,
    viewCount: serviceArticles.viewCount, publishedAt: serviceArticles.publishedAt, updatedBy: serviceArticles.updatedBy, updatedAt: serviceArticles.updatedAt,
    excerpt: sql<string>`left(${serviceArticles.body}, 120)`,
  }).from(serviceArticles).where(where).orderBy(titleFirst, desc(serviceArticles.viewCount), desc(serviceArticles.id))
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [{ total }] = await tx.select({ total: sql<number>`count(*)::int` }).from(serviceArticles).where(where);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** "Used in this answer": links a published article to a ticket in the actor's scope. */
export async function linkArticle(tx: Tx, actor: Actor, ticketId: number, articleId: number, now: Date) {
  await getTicketInScope(tx, actor, ticketId, { lock: true });
  const [a] = await tx.select().from(serviceArticles).where(and(eq(serviceArticles.id, articleId), isNull(serviceArticles.deletedAt)));
  if (!a) throw invalidField('articleId', 'service.notInScope', { id: articleId });
  if (a.status !== 'published') throw invalidField('articleId', 'service.articleNotPublished', { id: articleId });
  const [link] = await tx.insert(serviceTicketArticles).values({ ticketId, articleId, byName: actor.name, at: now }).onConflictDoNothing().returning();
  if (!link) throw new AppError(409, 'ARTICLE_LINKED', 'service.articleLinked', {}, [{ field: 'articleId', key: 'service.articleLinked' }]);
  await tx.insert(serviceTicketEvents).values({ ticketId, kind: 'article', body: a.title, at: now, byId: actor.kind === 'user' ? actor.id : null, byName: actor.name });
  await recordAudit(tx, actor, { action: 'serviceTicket.linkArticle', entityType: 'serviceTicket', entityId: ticketId, after: { articleId, title: a.title } });
  return { ticketId, articleId };
}

export async function unlinkArticle(tx: Tx, actor: Actor, ticketId: number, articleId: number) {
  await getTicketInScope(tx, actor, ticketId, { lock: true });
  const gone = await tx.delete(serviceTicketArticles).where(and(eq(serviceTicketArticles.ticketId, ticketId), eq(serviceTicketArticles.articleId, articleId))).returning();
  if (!gone.length) throw invalidField('articleId', 'service.articleNotLinked');
  await recordAudit(tx, actor, { action: 'serviceTicket.unlinkArticle', entityType: 'serviceTicket', entityId: ticketId, before: { articleId } });
}

/** The articles used in a ticket's answers (even if since unpublished: they were used). */
export async function articlesOfTicket(tx: Tx, ticketId: number) {
  return tx.select({ id: serviceArticles.id, title: serviceArticles.title, status: serviceArticles.status, linkedBy: serviceTicketArticles.byName, linkedAt: serviceTicketArticles.at })
    .from(serviceTicketArticles).innerJoin(serviceArticles, eq(serviceArticles.id, serviceTicketArticles.articleId))
    .where(eq(serviceTicketArticles.ticketId, ticketId)).orderBy(serviceTicketArticles.at);
}
