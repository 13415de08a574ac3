// Forms of the card page: issue one card, issue a batch, replace a main card, report a card lost.
import { useState } from 'react';
import { Alert, App, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { MemberPicker } from '../../components/MemberPicker';
import { cardLists, useCardTypes } from './shared';
import type { Card, ReplaceResult } from './types';
import { longTextMax } from '../../limits';

const required = (t: (k: string) => string) => [{ required: true, whitespace: true, message: t('validation.required') }];

/** 发卡: one card for a member (given by number: the member page passes its own); the message names the card issued. */
export function IssueCardDialog({ open, onClose, memberNo, onDone }: { open: boolean; onClose: () => void; memberNo?: string; onDone?: (card: Card) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { types, label } = useCardTypes();
  return (
    <FormDialog<{ memberNo: string; cardNo: string; typeCode?: string; note?: string }, Card>
      open={open} title={t('cards.issue.title')} onClose={onClose} invalidate={cardLists} initialValues={{ memberNo }}
      onSubmit={(v) => api.post<Card>('/cards', { ...v, typeCode: v.typeCode || null })}
      onDone={(c) => { message.success(t('cards.issue.done', { cardNo: c.cardNo })); onDone?.(c); }}
    >
      <Form.Item name="memberNo" label={t('cards.issue.member')} rules={[{ required: true, message: t('validation.required') }]}><MemberPicker valueKey="memberNo" style={{ width: '100%' }} data-testid="issue-member-no" /></Form.Item>
      <Form.Item name="cardNo" label={t('cards.cardNo')} rules={required(t)} extra={t('cards.issue.cardNoHint')}><Input maxLength={64} data-testid="issue-card-no" /></Form.Item>
      <Form.Item name="typeCode" label={t('cards.type')} extra={t('cards.issue.typeHint')}>
        <Select allowClear options={types.filter((x) => x.active).map((x) => ({ value: x.code, label: `${label(x.code)} · ${t(`cards.kindValue.${x.kind}`)}` }))} />
      </Form.Item>
      <Form.Item name="note" label={t('cards.note')}><Input maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}

/** Lines "member-no card-no" → the batch's items; a line that is not two values is reported by number. */
export function parseBatchLines(text: string): { items: { memberNo: string; cardNo: string }[]; bad: number[] } {
  const items: { memberNo: string; cardNo: string }[] = [];
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const parts = line.trim().split(/[\s,;\t]+/);
    if (parts.length !== 2) bad.push(i + 1);
    else items.push({ memberNo: parts[0], cardNo: parts[1] });
  });
  return { items, bad };
}

export function BatchIssueDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { types, label } = useCardTypes();
  const [problems, setProblems] = useState<string[]>([]);
  const submit = async (v: { typeCode: string; text: string; note?: string }) => {
    setProblems([]);
    const { items, bad } = parseBatchLines(v.text);
    if (bad.length) {
      setProblems(bad.map((line) => t('cards.batch.badLine', { line })));
      throw new ApiError(400, { error: { code: 'VALIDATION_FAILED', message: t('cards.batch.errors'), details: [] } });
    }
    try {
      return await api.post<{ issued: number }>('/cards/batch', { typeCode: v.typeCode, items, note: v.note || null });
    } catch (err) {
      if (err instanceof ApiError) {
        setProblems(err.details.map((d) => {
          const m = /^items\.(\d+)\.(\w+)$/.exec(d.field);
          return m ? `${t('cards.batch.line', { line: Number(m[1]) + 1 })} · ${items[Number(m[1])]?.[m[2] as 'cardNo' | 'memberNo'] ?? ''} — ${d.issue}` : d.issue;
        }));
      }
      throw err;
    }
  };
  return (
    <FormDialog<{ typeCode: string; text: string; note?: string }, { issued: number }>
      open={open} title={t('cards.batch.title')} width={640} onClose={() => { setProblems([]); onClose(); }} invalidate={cardLists}
      onSubmit={submit} onDone={() => setProblems([])} successMessage={(r) => t('cards.batch.done', { count: r.issued })}
    >
      <Form.Item name="typeCode" label={t('cards.type')} rules={required(t)}>
        <Select options={types.filter((x) => x.active).map((x) => ({ value: x.code, label: `${label(x.code)} · ${t(`cards.kindValue.${x.kind}`)}` }))} />
      </Form.Item>
      <Form.Item name="text" label={t('cards.batch.lines')} extra={t('cards.batch.linesHint')} rules={required(t)}>
        <Input.TextArea rows={8} placeholder={'M2026000001 880000000001\nM2026000002 880000000002'} data-testid="batch-card-lines" />
      </Form.Item>
      <Form.Item name="note" label={t('cards.note')}><Input maxLength={longTextMax} /></Form.Item>
      {problems.length > 0 && (
        <Alert type="error" showIcon message={t('cards.batch.errors')} description={
          <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 160, overflow: 'auto' }}>{problems.map((p, i) => <li key={i}><Typography.Text>{p}</Typography.Text></li>)}</ul>
        } />
      )}
    </FormDialog>
  );
}

/**
 * 换卡 / 挂失 of a card. A replacement by the same type happens at once; another main type only
 * submits a change request (the server decides and says which): the message after saving tells
 * the operator whether the card was replaced or a request now waits for approval.
 */
export function ReplaceCardDialog({ card, loss, onClose }: { card: Card | null; loss: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { types, label } = useCardTypes();
  const [typeCode, setTypeCode] = useState<string | undefined>();
  if (!card) return null;
  const path = loss ? `/cards/${card.id}/loss` : `/cards/${card.id}/replace`;
  const close = () => { setTypeCode(undefined); onClose(); };
  const changesType = !loss && !!typeCode && typeCode !== card.typeCode;
  const done = (r: ReplaceResult) => {
    if (loss) message.success(t('cards.loss.done'));
    else if (r.outcome === 'requested' && r.request) message.success(t('cards.replace.requested', { id: r.request.id, type: label(r.request.toType) }));
    else if (r.card) message.success(t('cards.replace.done', { cardNo: r.card.cardNo }));
  };
  return (
    <FormDialog<{ newCardNo: string; typeCode?: string; note?: string }, ReplaceResult>
      open title={t(loss ? 'cards.loss.title' : 'cards.replace.title', { cardNo: card.cardNo })} onClose={close} invalidate={cardLists}
      onSubmit={(v) => api.post<ReplaceResult>(path, loss ? { newCardNo: v.newCardNo, note: v.note || null } : { ...v, typeCode: v.typeCode || null, note: v.note || null })}
      onDone={done}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={loss ? t('cards.loss.mainHint') : t('cards.replace.endsSubs')} />
      <Form.Item name="newCardNo" label={t('cards.replace.newCardNo')} rules={required(t)}><Input maxLength={64} data-testid="new-card-no" /></Form.Item>
      {!loss && (
        <Form.Item name="typeCode" label={t('cards.replace.newType')} extra={t('cards.replace.typeHint')}>
          <Select allowClear onChange={(v?: string) => setTypeCode(v)} data-testid="replace-type"
            options={types.filter((x) => x.active && x.kind === 'main').map((x) => ({ value: x.code, label: label(x.code) }))} />
        </Form.Item>
      )}
      {changesType && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('cards.replace.changeHint')} data-testid="replace-change-hint" />}
      <Form.Item name="note" label={t('cards.note')}><Input maxLength={longTextMax} /></Form.Item>
    </FormDialog>
  );
}
