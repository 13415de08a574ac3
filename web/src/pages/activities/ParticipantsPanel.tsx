// 参加者登记: a card reader (it types the card number and presses Enter, like a keyboard), a
// member number typed by hand, and a batch of pasted or uploaded card numbers with a report
// line by line; then the list of participants. Each member is recorded — and given the
// activity's points — once.
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Space, Table, Tag, Typography, Upload, type InputRef, type TableColumnsType } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { formatTime, companyInstant } from '../../components/format';
import { MemberPicker } from '../../components/MemberPicker';
import { useServerTable } from '../../components/useServerTable';
import { activityKey, activityLists } from './shared';
import type { Activity, BatchReport, LineOutcome, Participant } from './types';
import { danger, success } from '../../theme';
import { ExportButton } from '../../components/ExportButton';

interface Swipe { key: number; ok: boolean; text: string }

const outcomeColour: Record<LineOutcome, string> = { recorded: 'success', unknown: 'error', inactive: 'warning', duplicate: 'default', already: 'processing' };

export function ParticipantsPanel({ activity, canRecord }: { activity: Activity; canRecord: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const path = `/activities/${activity.id}/participants`;
  const { tableProps, filters, setFilters } = useServerTable<Participant, { q?: string }>(path);
  const [at, setAt] = useState<Dayjs | null>(null);
  const [place, setPlace] = useState('');
  const [cardNo, setCardNo] = useState('');
  const [memberNo, setMemberNo] = useState('');
  const [busy, setBusy] = useState(false);
  const [swipes, setSwipes] = useState<Swipe[]>([]);
  const [batchOpen, setBatchOpen] = useState(false);
  const reader = useRef<InputRef>(null);
  const when = () => ({ attendedAt: companyInstant(at) ?? null, place: place.trim() || null });
  const refresh = () => Promise.all([path, activityKey(activity.id), ...activityLists].map((p) => qc.invalidateQueries({ queryKey: [p] })));

  const record = async (body: Record<string, unknown>) => {
    setBusy(true);
    try {
      const r = await api.post<{ participant: Participant }>(path, { ...body, ...when() });
      const p = r.participant;
      const text = t('activities.reader.recorded', { name: p.name, memberNo: p.memberNo, points: p.points ? t('activities.reader.pointsGiven', { points: p.points }) : '' });
      setSwipes((s) => [{ key: Date.now(), ok: true, text }, ...s].slice(0, 6));
      message.success(text);
      return true;
    } catch (err) {
      setSwipes((s) => [{ key: Date.now(), ok: false, text: errorMessage(err) }, ...s].slice(0, 6));
      message.error(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const swipe = async () => {
    const no = cardNo.trim();
    if (!no) return;
    setCardNo('');
    await record({ cardNo: no, via: 'card_reader' });
    reader.current?.focus();
  };

  const columns: TableColumnsType<Participant> = [
    { title: t('activities.participant.member'), dataIndex: 'name' },
    { title: t('activities.participant.memberNo'), dataIndex: 'memberNo', width: 150 },
    { title: t('activities.participant.cardNo'), dataIndex: 'cardNo', width: 150, render: (v: string | null) => v ?? '—' },
    { title: t('activities.participant.attendedAt'), dataIndex: 'attendedAt', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('activities.participant.place'), dataIndex: 'place', render: (v: string | null) => v ?? '—' },
    { title: t('activities.participant.method'), dataIndex: 'method', width: 110, render: (v: Participant['method']) => t(`activities.method.${v}`) },
    { title: t('activities.participant.points'), dataIndex: 'points', width: 80, align: 'right' },
    { title: t('activities.participant.recordedBy'), dataIndex: 'recordedBy', width: 120 },
  ];

  return (
    <>
      {canRecord && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={[16, 12]}>
            <Col xs={24} lg={12}>
              <Typography.Text strong>{t('activities.reader.label')}</Typography.Text>
              <Input
                ref={reader} autoFocus size="large" value={cardNo} disabled={busy} onChange={(e) => setCardNo(e.target.value)} onPressEnter={swipe}
                placeholder={t('activities.reader.placeholder')} style={{ marginTop: 8 }} data-testid="card-reader" allowClear
              />
              <Typography.Text type="secondary">{t('activities.reader.hint')}</Typography.Text>
            </Col>
            <Col xs={24} lg={12}>
              <Typography.Text strong>{t('activities.single.label')}</Typography.Text>
              <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                <MemberPicker valueKey="memberNo" value={memberNo || null} onChange={(v: string | undefined) => setMemberNo(v ?? '')} style={{ flex: 1 }} data-testid="member-no" />
                <Button size="large" type="primary" loading={busy} disabled={!memberNo.trim()}
                  onClick={async () => { if (await record({ memberNo: memberNo.trim() })) setMemberNo(''); }}>{t('activities.single.button')}</Button>
              </Space.Compact>
            </Col>
            <Col xs={24} lg={12}>
              <Space wrap>
                <Typography.Text>{t('activities.single.at')}</Typography.Text>
                <DatePicker showTime value={at} onChange={setAt} placeholder={t('activities.single.nowHint')} />
                <Typography.Text>{t('activities.single.place')}</Typography.Text>
                <Input value={place} onChange={(e) => setPlace(e.target.value)} placeholder={activity.place ?? t('activities.single.placeHint')} style={{ width: 180 }} />
              </Space>
            </Col>
            <Col xs={24} lg={12} style={{ textAlign: 'right' }}>
              <Button onClick={() => setBatchOpen(true)} data-testid="batch-record">{t('activities.batch.button')}</Button>
            </Col>
          </Row>
          {swipes.length > 0 && (
            <div style={{ marginTop: 12 }} data-testid="swipe-log">
              {swipes.map((s) => (
                <div key={s.key}>
                  {s.ok ? <CheckCircleTwoTone twoToneColor={success} /> : <CloseCircleTwoTone twoToneColor={danger} />} <Typography.Text type={s.ok ? undefined : 'danger'}>{s.text}</Typography.Text>
                </div>
              ))}
            </div>
          )}
        </Card>
      )}
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear placeholder={t('activities.participant.search')} style={{ width: 280 }} onSearch={(q) => setFilters({ q: q.trim() || undefined })} />
        <ExportButton path={path} filters={filters} list="participants" />
      </Space>
      <Table<Participant> {...tableProps} columns={columns} data-testid="participants-table" />
      <BatchDialog activity={activity} open={batchOpen} when={when} onClose={() => setBatchOpen(false)} onDone={refresh} />
    </>
  );
}

function BatchDialog({ activity, open, when, onClose, onDone }: {
  activity: Activity; open: boolean; when: () => { attendedAt: string | null; place: string | null }; onClose: () => void; onDone: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [report, setReport] = useState<BatchReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (send: () => Promise<BatchReport>) => {
    setBusy(true);
    setError(null);
    try {
      const r = await send();
      setReport(r);
      message.success(t('activities.batch.summary', { ...r }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      await onDone();
    }
  };
  const close = () => { setReport(null); setText(''); setError(null); onClose(); };
  const w = () => Object.fromEntries(Object.entries(when()).filter(([, v]) => v !== null)) as Record<string, string>;

  const columns: TableColumnsType<BatchReport['report'][number]> = [
    { title: t('activities.batch.line'), dataIndex: 'line', width: 70 },
    { title: t('activities.batch.value'), dataIndex: 'value', width: 160 },
    { title: t('activities.batch.outcome'), dataIndex: 'outcome', width: 110, render: (v: LineOutcome) => <Tag color={outcomeColour[v]}>{t(`activities.batch.outcomeValue.${v}`)}</Tag> },
    { title: t('activities.batch.member'), key: 'member', render: (_, l) => (l.memberNo ? `${l.memberNo} ${l.name ?? ''}` : '—') },
    { title: '', dataIndex: 'issue', render: (v: string, l) => (l.outcome === 'recorded' ? '' : v) },
  ];

  return (
    <Modal open={open} title={t('activities.batch.title')} width={820} onCancel={close} destroyOnHidden
      footer={[
        <Button key="close" onClick={close}>{t('common.cancel')}</Button>,
        <Button key="ok" type="primary" loading={busy} disabled={!text.trim()} data-testid="batch-submit"
          onClick={() => run(() => api.post<BatchReport>(`/activities/${activity.id}/participants/batch`, { text, ...when() }))}>{t('activities.batch.submit')}</Button>,
      ]}>
      <Form layout="vertical">
        <Form.Item label={t('activities.batch.text')} extra={t('activities.batch.textHint')}>
          <Input.TextArea rows={8} value={text} onChange={(e) => setText(e.target.value)} data-testid="batch-text" />
        </Form.Item>
        <Upload accept=".csv,.txt,text/csv,text/plain" showUploadList={false}
          beforeUpload={(file) => { void run(() => api.upload<BatchReport>(`/activities/${activity.id}/participants/upload`, file, w())); return false; }}>
          <Button icon={<UploadOutlined />} loading={busy}>{t('activities.batch.upload')}</Button>
        </Upload>
      </Form>
      {error && <Alert type="error" showIcon style={{ marginTop: 16 }} message={error} />}
      {report && (
        <div style={{ marginTop: 16 }} data-testid="batch-report">
          <Alert type={report.recorded === report.lines ? 'success' : 'warning'} showIcon message={t('activities.batch.summary', { ...report })} style={{ marginBottom: 12 }} />
          <Table rowKey="line" size="small" pagination={{ pageSize: 50 }} columns={columns} dataSource={report.report} />
        </div>
      )}
    </Modal>
  );
}
