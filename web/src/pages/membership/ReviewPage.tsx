// 入会审核: the application in the middle; similar members on the left (at most one may be
// picked) and similar pending applications on the right (any number). The picks decide which of
// the four outcomes of SPEC §2.1 follows, shown before approving; "pending only" asks for the new
// member's final mobile, home phone and address. Or reject with a reason. Each candidate shows the
// evidence a receptionist compares with the application beside it (birthday, gender, masked ID
// number, mobile, address, channel, joined / applied; what equals the application's is marked);
// joining a member whose ID number differs asks for confirmation, naming both numbers.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { useCan } from '../../auth';
import { applyFieldErrors, errorMessage } from '../../components/apiErrors';
import { FormDialog } from '../../components/FormDialog';
import { formatTime } from '../../components/format';
import { useDictionary } from '../customers/shared';
import { ApplicationStatusTag, membershipLists, ReasonTags, useChannelLabel } from './shared';
import type { Application, ApplicationDetail, ApprovalResult, Candidate } from './types';
import { longTextMax } from '../../limits';

interface FinalValues { mobile?: string; homePhone?: string; address?: string; cardNo?: string; note?: string }

export default function ReviewPage() {
  const { t } = useTranslation();
  const can = useCan();
  const id = Number(useParams().id);
  const path = `/applications/${id}`;
  const detail = useQuery({ queryKey: [path], queryFn: () => api.get<ApplicationDetail>(path), enabled: Number.isInteger(id) && id > 0 });
  const pending = detail.data?.application.status === 'pending';
  const reviewing = pending && can('member.approve');
  const candidates = useQuery({
    queryKey: [`${path}/candidates`], enabled: !!reviewing,
    queryFn: () => api.get<{ members: Candidate[]; applications: Candidate[] }>(`${path}/candidates`),
  });

  if (detail.error) return <Typography.Text type="danger">{errorMessage(detail.error)}</Typography.Text>;
  if (!detail.data) return <Card loading />;
  const { application: a } = detail.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>{t('membership.review.title', { no: a.applicationNo })}</Typography.Title>
          <ApplicationStatusTag status={a.status} />
          {a.outcome && !pending && <Tag>{t(`membership.outcome.${a.outcome}`)}</Tag>}
        </Space>
        <Link to="/membership/applications">{t('membership.review.back')}</Link>
      </Space>
      {reviewing
        ? <ReviewBoard detail={detail.data} candidates={candidates.data} loading={candidates.isFetching} error={candidates.error} />
        : <ApplicationCard detail={detail.data} />}
    </Space>
  );
}

function ReviewBoard({ detail, candidates, loading, error }: {
  detail: ApplicationDetail; candidates?: { members: Candidate[]; applications: Candidate[] }; loading: boolean; error: unknown;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const a = detail.application;
  const [memberIds, setMemberIds] = useState<number[]>([]);
  const [pendingIds, setPendingIds] = useState<number[]>([]);
  const [rejecting, setRejecting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FinalValues>();
  const member = candidates?.members.find((m) => m.id === memberIds[0]);
  const pendingOnly = memberIds.length === 0 && pendingIds.length > 0;

  const outcome = member
    ? pendingIds.length ? t('membership.review.outcome1', { memberNo: member.number, count: pendingIds.length }) : t('membership.review.outcome2', { memberNo: member.number })
    : pendingIds.length ? t('membership.review.outcome3', { count: pendingIds.length }) : t('membership.review.outcome4');

  const approve = async () => {
    let v: FinalValues;
    try { v = await form.validateFields(); } catch { return; }
    const blank = (x?: string) => (x?.trim() ? x.trim() : null);
    setSaving(true);
    const send = (confirmDifferentId: boolean) => api.post<ApprovalResult>(`/applications/${a.id}/approve`, {
      memberIds, pendingIds, cardNo: blank(v.cardNo), note: blank(v.note),
      ...(pendingOnly ? { final: { mobile: blank(v.mobile), homePhone: blank(v.homePhone), address: blank(v.address) } } : {}),
      ...(confirmDifferentId ? { confirmDifferentId: true } : {}),
    });
    try {
      let r: ApprovalResult;
      try {
        r = await send(false);
      } catch (err) {
        // the member's ID number differs from the application's: the server's message names both; the reviewer decides
        if (!(err instanceof ApiError && err.code === 'ID_NUMBER_DIFFERS')) throw err;
        const same = await modal.confirm({
          title: t('membership.review.differentIdTitle'), content: err.message, okText: t('membership.review.differentIdOk'), cancelText: t('common.cancel'),
          okButtonProps: { danger: true, 'data-testid': 'confirm-different-id' } as never,
        });
        if (!same) return;
        r = await send(true);
      }
      await Promise.all(membershipLists.map((p) => qc.invalidateQueries({ queryKey: [p] })));
      message.success(t('membership.review.approved', { memberNo: r.member.memberNo }));
      void navigate(`/members/${r.member.id}`);
    } catch (err) {
      applyFieldErrors(form, err);
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const columns = (kind: 'member' | 'application'): TableColumnsType<Candidate> => [
    {
      title: kind === 'member' ? t('membership.field.memberNo') : t('membership.field.applicationNo'), key: 'who', width: 150,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Link to={kind === 'member' ? `/members/${c.id}` : `/membership/applications/${c.id}`} target="_blank">{c.number}</Link>
          <Typography.Text strong>{c.name}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('membership.review.reasons'), key: 'why', render: (_, c) => (
        <Space orientation="vertical" size={2}>
          <Space size={[0, 4]} wrap><ReasonTags reasons={c.reasons} /></Space>
          <Evidence c={c} a={a} />
        </Space>
      ),
    },
    { title: t('membership.review.score'), dataIndex: 'score', width: 64, align: 'right', render: (v: number) => <Typography.Text strong>{Math.round(v * 100)}%</Typography.Text> },
  ];

  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('membership.review.members')} extra={<Typography.Text type="secondary">{t('membership.review.pickOneMember')}</Typography.Text>}>
            <Table<Candidate> rowKey="id" size="small" pagination={false} loading={loading} dataSource={candidates?.members ?? []} columns={columns('member')}
              locale={{ emptyText: error ? <Typography.Text type="danger">{errorMessage(error)}</Typography.Text> : t('membership.review.none') }}
              data-testid="similar-members"
              rowSelection={{
                selectedRowKeys: memberIds,
                // at most one member: once one is picked, the others cannot be
                getCheckboxProps: (c) => ({ disabled: memberIds.length > 0 && !memberIds.includes(c.id), 'data-testid': `pick-member-${c.number}` } as never),
                onChange: (keys) => setMemberIds((keys as number[]).slice(-1)),
                hideSelectAll: true,
              }} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <ApplicationCard detail={detail} />
          <Card size="small" style={{ marginTop: 16 }}>
            <Alert type={member ? 'info' : 'success'} showIcon message={outcome} data-testid="review-outcome" style={{ marginBottom: 16 }} />
            <Form form={form} layout="vertical">
              {pendingOnly && (
                <>
                  <Typography.Title level={5}>{t('membership.review.final')}</Typography.Title>
                  <Form.Item name="mobile" label={t('membership.field.mobile')} initialValue={a.mobile ?? undefined}><Input maxLength={20} /></Form.Item>
                  <Form.Item name="homePhone" label={t('membership.field.homePhone')} initialValue={a.homePhone ?? undefined}><Input maxLength={20} /></Form.Item>
                  <Form.Item name="address" label={t('membership.field.address')} initialValue={a.address ?? undefined}><Input maxLength={200} /></Form.Item>
                </>
              )}
              <Form.Item name="cardNo" label={t('membership.field.cardNo')} extra={t('membership.applications.cardHint')} initialValue={a.cardNo ?? undefined}>
                <Input maxLength={32} />
              </Form.Item>
              <Form.Item name="note" label={t('membership.field.note')}><Input.TextArea rows={2} maxLength={longTextMax} /></Form.Item>
            </Form>
            <Space>
              <Button type="primary" loading={saving} onClick={() => void approve()} data-testid="approve">{t('membership.review.approve')}</Button>
              <Button danger onClick={() => setRejecting(true)} data-testid="reject">{t('membership.review.reject')}</Button>
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('membership.review.pending')}>
            <Table<Candidate> rowKey="id" size="small" pagination={false} loading={loading} dataSource={candidates?.applications ?? []} columns={columns('application')}
              locale={{ emptyText: t('membership.review.none') }} data-testid="similar-applications"
              rowSelection={{
                selectedRowKeys: pendingIds, onChange: (keys) => setPendingIds(keys as number[]),
                getCheckboxProps: (c) => ({ 'data-testid': `pick-application-${c.number}` } as never),
              }} />
          </Card>
        </Col>
      </Row>
      <FormDialog<{ reason: string }> open={rejecting} title={t('membership.review.rejectTitle')} okText={t('membership.review.reject')}
        onClose={() => setRejecting(false)} invalidate={membershipLists} successMessage={t('membership.review.rejected')}
        onSubmit={(v) => api.post(`/applications/${a.id}/reject`, { reason: v.reason.trim() })}
        onDone={() => void navigate('/membership/applications')}>
        <Form.Item name="reason" label={t('membership.review.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input.TextArea rows={3} maxLength={longTextMax} autoFocus />
        </Form.Item>
      </FormDialog>
    </>
  );
}

/** What a receptionist compares, for one candidate; the values equal to the application's are marked. */
function Evidence({ c, a }: { c: Candidate; a: Application }) {
  const { t } = useTranslation();
  const channelLabel = useChannelLabel();
  const lines: { key: string; label: string; value: string | null; same: boolean }[] = [
    { key: 'birthday', label: t('membership.field.birthday'), value: c.birthday, same: !!c.birthday && c.birthday === a.birthday },
    { key: 'gender', label: t('membership.field.gender'), value: c.gender ? t(`membership.gender.${c.gender}`) : null, same: !!c.gender && c.gender === a.gender },
    { key: 'idNumber', label: t('membership.field.idNumber'), value: c.idNumber, same: c.reasons.includes('idNumber=') },
    { key: 'mobile', label: t('membership.field.mobile'), value: c.mobile, same: !!c.mobile && c.mobile === a.mobile },
    ...(c.homePhone ? [{ key: 'homePhone', label: t('membership.field.homePhone'), value: c.homePhone, same: c.homePhone === a.homePhone }] : []),
    { key: 'address', label: t('membership.field.address'), value: c.address, same: !!c.address && c.address === a.address },
    { key: 'channel', label: t('membership.field.channel'), value: channelLabel(c.channel, c.subChannel, c.method), same: false },
    { key: 'at', label: t(`membership.review.at.${c.kind}`), value: formatTime(c.at), same: false },
  ];
  return (
    <div style={{ fontSize: 12 }} data-testid={`evidence-${c.number}`} aria-label={t('membership.review.evidence')}>
      {lines.map((l) => (
        <div key={l.key} data-field={l.key}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{l.label} </Typography.Text>
          <Typography.Text style={{ fontSize: 12 }} strong={l.same} type={l.same ? 'success' : undefined} title={l.same ? t('membership.review.same') : undefined}>
            {l.value ?? '—'}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}

function ApplicationCard({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const channelLabel = useChannelLabel();
  const idTypes = useDictionary('id_type');
  const a = detail.application;
  return (
    <Card size="small" title={t('membership.review.application')} data-testid="application-card">
      <Descriptions column={1} size="small" items={[
        { key: 'name', label: t('membership.field.name'), children: <Typography.Text strong>{a.name}</Typography.Text> },
        { key: 'id', label: t('membership.field.idNumber'), children: a.idNumber ? <Space><Typography.Text code>{a.idNumber}</Typography.Text><Typography.Text type="secondary">{idTypes.label(a.idType)}</Typography.Text></Space> : '—' },
        { key: 'gender', label: t('membership.field.gender'), children: a.gender ? t(`membership.gender.${a.gender}`) : '—' },
        { key: 'birthday', label: t('membership.field.birthday'), children: a.birthday ?? '—' },
        { key: 'mobile', label: t('membership.field.mobile'), children: a.mobile ?? '—' },
        { key: 'homePhone', label: t('membership.field.homePhone'), children: a.homePhone ?? '—' },
        { key: 'email', label: t('membership.field.email'), children: a.email ?? '—' },
        { key: 'address', label: t('membership.field.address'), children: a.address ?? '—' },
        { key: 'channel', label: t('membership.field.channel'), children: `${channelLabel(a.channel, a.subChannel, a.method)} · ${t(`membership.method.${a.method}`)}` },
        ...(a.project ? [{ key: 'project', label: t('membership.field.project'), children: a.project }] : []),
        ...(a.cardNo ? [{ key: 'card', label: t('membership.field.cardNo'), children: a.cardNo }] : []),
        { key: 'customer', label: t('membership.field.customer'), children: detail.customer ? <Link to={`/customers/${detail.customer.id}`}>#{detail.customer.id} {detail.customer.name}</Link> : t('membership.review.noCustomer') },
        ...(detail.purchases.length ? [{ key: 'purchases', label: t('membership.review.purchases'), children: detail.purchases.map((p) => `${p.project} ${p.unit}`).join('；') }] : []),
        { key: 'at', label: t('membership.field.createdAt'), children: `${formatTime(a.createdAt)} · ${a.submittedBy ?? ''}` },
        ...(a.note ? [{ key: 'note', label: t('membership.field.note'), children: a.note }] : []),
        ...(a.rejectReason ? [{ key: 'reject', label: t('membership.field.rejectReason'), children: <Typography.Text type="danger">{a.rejectReason}</Typography.Text> }] : []),
        ...(detail.member ? [{ key: 'member', label: t('membership.field.memberNo'), children: <Link to={`/members/${detail.member.id}`}>{detail.member.memberNo}</Link> }] : []),
      ]} />
      {detail.mergedApplications.length > 0 && <MergedList list={detail.mergedApplications} />}
      {!detail.mergedApplications.length && a.status !== 'pending' && a.reviewedAt && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={formatTime(a.reviewedAt)} />}
    </Card>
  );
}

function MergedList({ list }: { list: Application[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={5}>{t('membership.review.merged')}</Typography.Title>
      <ul style={{ paddingLeft: 20, margin: 0 }}>
        {list.map((m) => <li key={m.id}><Link to={`/membership/applications/${m.id}`}>{m.applicationNo}</Link> {m.name}</li>)}
      </ul>
    </>
  );
}
