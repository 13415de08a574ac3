// 客群详情: the filter builder with a live count; once saved, the segment's members (paged),
// export, and manual care sent to the segment.
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Form, Input, Row, Space, Table, Tag, type TableColumnsType } from 'antd';
import { HeartOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { applyFieldErrors, errorMessage } from '../../components/apiErrors';
import { Confirm } from '../../components/Confirm';
import { ExportButton } from '../../components/ExportButton';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { SegmentFilterFields, segmentColour, toFilters, toValues, type FilterValues, type Segment, type ValueSegment } from './shared';

type Values = FilterValues & { name: string; description?: string | null };
interface Member {
  id: number; memberNo: string; name: string; mobile: string | null; department: string | null; status: string; joinedAt: string;
  level: string | null; points: number; segment: ValueSegment | null; churn: number | null;
}

function Members({ id }: { id: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const { tableProps } = useServerTable<Member>(`/segments/${id}/members`);
  const columns: TableColumnsType<Member> = [
    { title: t('segments.member.memberNo'), dataIndex: 'memberNo', width: 130 },
    { title: t('segments.member.name'), dataIndex: 'name', width: 110 },
    { title: t('segments.member.mobile'), dataIndex: 'mobile', width: 130 },
    { title: t('segments.member.department'), dataIndex: 'department', width: 120 },
    { title: t('segments.member.level'), dataIndex: 'level', width: 90 },
    { title: t('segments.member.points'), dataIndex: 'points', width: 100, align: 'right' },
    { title: t('segments.member.segment'), dataIndex: 'segment', width: 110, render: (s: ValueSegment | null) => (s ? <Tag color={segmentColour[s]}>{t(`segments.valueSegment.${s}`)}</Tag> : null) },
    { title: t('segments.member.churn'), dataIndex: 'churn', width: 100, align: 'right' },
    { title: t('segments.member.joinedAt'), dataIndex: 'joinedAt', width: 170, render: formatTime, className: 'nowrap' },
  ];
  return (
    <Card size="small" title={t('segments.segment.members')} extra={(
      <Space>
        <ExportButton path={`/segments/${id}/members`} list="segmentMembers" />
        {can('care.manage') && <Button icon={<HeartOutlined />} onClick={() => navigate(`/care/new?segmentId=${id}`)} data-testid="segment-care">{t('segments.segment.care')}</Button>}
      </Space>
    )}>
      <Table<Member> {...tableProps} rowKey="id" columns={columns} data-testid="segment-members" onRow={(m) => ({ onDoubleClick: () => navigate(`/members/${m.id}`) })} />
    </Card>
  );
}

export default function SegmentPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = idParam && idParam !== 'new' ? Number(idParam) : null;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const segment = useQuery({ queryKey: ['/segments', id], queryFn: () => api.get<Segment>(`/segments/${id}`), enabled: id !== null });
  const [count, setCount] = useState<{ count: number; asOf: string | null } | null>(null);
  const [saving, setSaving] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const recount = () => {
    clearTimeout(timer.current);
    setCount(null);
    timer.current = setTimeout(async () => {
      try {
        setCount(await api.post<{ count: number; asOf: string | null }>('/segments/count', { filters: toFilters(form.getFieldsValue()) }));
      } catch (err) {
        applyFieldErrors(form, err);
      }
    }, 400);
  };
  useEffect(() => {
    if (segment.data) form.setFieldsValue({ name: segment.data.name, description: segment.data.description, ...toValues(segment.data.filters) });
    if (id === null || segment.data) recount();
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [segment.data, id]);

  const save = async (v: Values) => {
    setSaving(true);
    try {
      const { name, description, ...filters } = v;
      const body = { name: name.trim(), description: description?.trim() || null, filters: toFilters(filters) };
      const s = id === null ? await api.post<Segment>('/segments', body) : await api.patch<Segment>(`/segments/${id}`, body);
      await qc.invalidateQueries({ queryKey: ['/segments'] });
      message.success(t(id === null ? 'segments.segment.created' : 'segments.segment.saved', { name: s.name }));
      if (id === null) navigate(`/segments/${s.id}`, { replace: true });
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const remove = async () => {
    try {
      await api.delete(`/segments/${id}`);
      await qc.invalidateQueries({ queryKey: ['/segments'] });
      message.success(t('segments.segment.deleted', { name: segment.data?.name }));
      navigate('/segments');
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const manage = can('segment.manage');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Form<Values> form={form} layout="vertical" onFinish={save} onValuesChange={(changed) => { if (Object.keys(changed).some((k) => k !== 'name' && k !== 'description')) recount(); }} disabled={!manage}>
        <Row gutter={16}>
          <Col xs={24} lg={16}>
            <Card size="small" title={t('segments.segment.filters')}>
              <SegmentFilterFields />
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card size="small">
              <Alert type="info" showIcon data-testid="segment-count" style={{ marginBottom: 16 }}
                message={count === null ? t('segments.segment.counting') : count.asOf ? t('segments.segment.countAsOf', { count: count.count, at: formatTime(count.asOf) }) : t('segments.segment.count', { count: count.count })} />
              <Form.Item name="name" label={t('segments.segment.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                <Input maxLength={60} data-testid="segment-name" />
              </Form.Item>
              <Form.Item name="description" label={t('segments.segment.description')}><Input.TextArea maxLength={500} rows={3} /></Form.Item>
              {manage && (
                <Space>
                  <Button type="primary" htmlType="submit" loading={saving} data-testid="segment-save">{t('segments.segment.save')}</Button>
                  {id !== null && (
                    <Confirm title={t('segments.segment.confirmDelete', { name: segment.data?.name })} onConfirm={remove}>
                      <Button danger>{t('common.delete')}</Button>
                    </Confirm>
                  )}
                </Space>
              )}
            </Card>
          </Col>
        </Row>
      </Form>
      {id === null ? <Alert type="info" message={t('segments.segment.saveFirst')} /> : <Members id={id} />}
    </Space>
  );
}
