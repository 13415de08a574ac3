// A complaint's page, in a drawer over the list: the receipt, the steps as a timeline (overdue
// and reminded marked), goodwill points and the history; the actions its state allows.
import { useState } from 'react';
import { Button, Descriptions, Drawer, Empty, List, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { formatTime } from '../../components/format';
import { errorMessage } from '../../components/apiErrors';
import { CloseDialog, EditReceiptDialog, FinishStepDialog, GoodwillDialog, ReopenDialog, StepDialog } from './ComplaintDialogs';
import { ImportanceTag, StatusTag, useDictionary } from './lookups';
import type { ComplaintDetail, Step } from './types';

type Dialog = 'step' | 'close' | 'reopen' | 'goodwill' | 'edit' | { finish: Step } | null;

export function ComplaintDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const channels = useDictionary('complaint_channel');
  const types = useDictionary('complaint_type');
  const [dialog, setDialog] = useState<Dialog>(null);
  const detail = useQuery({
    queryKey: ['/complaints', 'detail', id],
    queryFn: () => api.get<ComplaintDetail>(`/complaints/${id}`),
    enabled: id != null,
  });
  const c = detail.data;
  const done = c?.status === 'done';
  const closeDialog = () => setDialog(null);

  const stepState = (s: Step) => {
    if (s.finishedAt) return <Tag color="green">{t('complaints.step.finished', { at: formatTime(s.finishedAt) })}</Tag>;
    return (
      <Space size={4}>
        {s.overdue ? <Tag color="red" data-testid="step-overdue">{t('complaints.step.overdue')}</Tag> : <Tag color="processing">{t('complaints.step.open')}</Tag>}
        {s.remindedAt && <Tag>{t('complaints.step.reminded', { at: formatTime(s.remindedAt) })}</Tag>}
      </Space>
    );
  };

  return (
    <Drawer
      open={id != null}
      onClose={onClose}
      size={860}
      title={c ? <Space>{t('complaints.detail.title', { no: c.complaintNo })}<StatusTag value={c.status} /><ImportanceTag value={c.importance} /></Space> : ' '}
      extra={c && (
        <Space wrap>
          {!done && <Button type="primary" onClick={() => setDialog('step')} data-testid="add-step">{t('complaints.step.add')}</Button>}
          {!done && <Button onClick={() => setDialog('close')} data-testid="close-complaint">{t('complaints.close.button')}</Button>}
          {!done && <Button onClick={() => setDialog('edit')}>{t('complaints.edit.button')}</Button>}
          {done && <Button onClick={() => setDialog('reopen')}>{t('complaints.reopen.button')}</Button>}
          {c.memberId && <Button onClick={() => setDialog('goodwill')}>{t('complaints.goodwill.button')}</Button>}
        </Space>
      )}
      data-testid="complaint-drawer"
    >
      {detail.isLoading && <Spin />}
      {detail.error && <Typography.Text type="danger">{errorMessage(detail.error)}</Typography.Text>}
      {c && (
        <>
          <Descriptions
            size="small" column={2} bordered
            items={[
              { key: 'channel', label: t('complaints.channel'), children: channels.label(c.channel) },
              { key: 'type', label: t('complaints.type'), children: types.label(c.type) },
              { key: 'complainant', label: t('complaints.complainant'), children: c.complainantName },
              { key: 'phone', label: t('complaints.phone'), children: c.complainantPhone ?? '—' },
              { key: 'memberNo', label: t('complaints.memberNo'), children: c.memberNo ?? '—' },
              { key: 'cardNo', label: t('complaints.cardNo'), children: c.cardNo ?? '—' },
              { key: 'receiver', label: t('complaints.receiver'), children: c.receiverName },
              { key: 'receivedAt', label: t('complaints.receivedAt'), children: formatTime(c.receivedAt) },
              ...(c.closedAt ? [
                { key: 'closedAt', label: t('complaints.closedAt'), children: `${formatTime(c.closedAt)}${c.closedByName ? ` · ${c.closedByName}` : ''}` },
                { key: 'closeNote', label: t('complaints.closeNote'), children: c.closeNote ?? '—' },
              ] : []),
              { key: 'content', label: t('complaints.content'), span: 2, children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.content}</Typography.Paragraph> },
            ]}
          />
          {c.reopenCount > 0 && <Tag style={{ marginTop: 8 }}>{t('complaints.reopenCount', { count: c.reopenCount })}</Tag>}

          <Typography.Title level={5} style={{ marginTop: 24 }}>{t('complaints.steps')}</Typography.Title>
          {c.steps.length === 0 ? <Empty description={t('complaints.detail.noSteps')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
            <Timeline
              data-testid="steps-timeline"
              items={c.steps.map((s) => ({
                key: s.id,
                color: s.finishedAt ? 'green' : s.overdue ? 'red' : 'blue',
                title: formatTime(s.stepAt),
                content: (
                  <div data-testid={`step-${s.seq}`}>
                    <Space wrap size={8}>
                      <Typography.Text strong>{t('complaints.step.stepNo', { seq: s.seq })}</Typography.Text>
                      <span>{s.handlerName}{s.department ? ` · ${s.department}` : ''}</span>
                      {stepState(s)}
                    </Space>
                    <div style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{s.opinion}</div>
                    <Typography.Text type="secondary">
                      {t('complaints.step.dueLine', { at: formatTime(s.expectedFinishAt) })}
                      {s.finishNote ? ` · ${t('complaints.step.noteLine', { note: s.finishNote })}` : ''}
                    </Typography.Text>
                    {!s.finishedAt && !done && (
                      <div><Button size="small" type="link" style={{ paddingInline: 0 }} onClick={() => setDialog({ finish: s })} data-testid={`finish-step-${s.seq}`}>{t('complaints.step.finish')}</Button></div>
                    )}
                  </div>
                ),
              }))}
            />
          )}

          {c.goodwill.length > 0 && (
            <>
              <Typography.Title level={5}>{t('complaints.goodwill.list')}</Typography.Title>
              <List size="small" dataSource={c.goodwill} renderItem={(g) => (
                <List.Item>{formatTime(g.grantedAt)} · +{g.points} · {g.reason} · {g.grantedBy}</List.Item>
              )} />
            </>
          )}

          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('complaints.detail.history')}</Typography.Title>
          <List size="small" dataSource={c.events} data-testid="complaint-history" renderItem={(e) => (
            <List.Item>
              <Space wrap>
                <Typography.Text type="secondary">{formatTime(e.at)}</Typography.Text>
                <span>{t(`complaints.event.${e.kind}`, { defaultValue: e.kind })}</span>
                <Typography.Text type="secondary">{e.actorName}</Typography.Text>
                {e.note && <span>— {e.note}</span>}
              </Space>
            </List.Item>
          )} />

          <StepDialog complaint={dialog === 'step' ? c : undefined} onClose={closeDialog} />
          <FinishStepDialog complaintId={c.id} step={typeof dialog === 'object' && dialog ? dialog.finish : undefined} onClose={closeDialog} />
          <CloseDialog complaint={dialog === 'close' ? c : undefined} onClose={closeDialog} />
          <ReopenDialog complaint={dialog === 'reopen' ? c : undefined} onClose={closeDialog} />
          <GoodwillDialog complaint={dialog === 'goodwill' ? c : undefined} onClose={closeDialog} />
          <EditReceiptDialog complaint={dialog === 'edit' ? c : undefined} onClose={closeDialog} />
        </>
      )}
    </Drawer>
  );
}
