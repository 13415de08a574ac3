// 超期提醒: unfinished steps past their expected finish, the most overdue first, with whether
// their handler has been reminded; the reminders can be sent now instead of waiting for the job.
import { useSearchParams } from 'react-router';
import { Alert, Button, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useRecordedNote } from '../../components/delivery';
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { ComplaintDrawer } from './ComplaintDrawer';
import { ImportanceTag, useDictionary, useStaff } from './lookups';
import type { OverdueStep } from './types';

export default function OverduePage() {
  const { t } = useTranslation();
  const recordedNote = useRecordedNote();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const { tableProps, filters, setFilters } = useServerTable<OverdueStep, { handlerId?: number; department?: string }>('/complaints/overdue');
  const types = useDictionary('complaint_type');
  const { options: staff } = useStaff();

  const remindNow = async () => {
    try {
      const r = await api.post<{ reminded: number }>('/complaints/overdue/remind', {});
      message.success(`${t('complaints.overdue.reminded', { count: r.reminded })}${r.reminded ? recordedNote() : ''}`);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      await qc.invalidateQueries({ queryKey: ['/complaints'] });
      await qc.invalidateQueries({ queryKey: ['/complaints/overdue'] });
    }
  };

  const columns: TableColumnsType<OverdueStep> = [
    { title: t('complaints.no'), dataIndex: 'complaintNo', width: 170, render: (v: string, s) => <Typography.Link onClick={() => setParams({ id: String(s.complaintId) })}>{v}</Typography.Link> },
    { title: t('complaints.step.seq'), dataIndex: 'seq', width: 70 },
    { title: t('complaints.type'), dataIndex: 'complaintType', render: types.label },
    { title: t('complaints.importance'), dataIndex: 'importance', render: (v) => <ImportanceTag value={v} /> },
    { title: t('complaints.step.handler'), dataIndex: 'handlerName', render: (v: string, s) => (s.department ? `${v} · ${s.department}` : v) },
    { title: t('complaints.step.opinion'), dataIndex: 'opinion', ellipsis: true },
    { title: t('complaints.overdue.expectedFinish'), dataIndex: 'expectedFinishAt', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('complaints.overdue.overdueFor'), dataIndex: 'overdueHours', width: 110, render: (h: number) => <Tag color="red">{t('complaints.overdue.hours', { count: h })}</Tag> },
    {
      title: t('complaints.overdue.remindedAt'), dataIndex: 'remindedAt', width: 170,
      render: (v: string | null) => (v ? formatTime(v) : <Typography.Text type="secondary">{t('complaints.overdue.notReminded')}</Typography.Text>),
    },
  ];

  return (
    <>
      <Alert type="info" showIcon title={t('complaints.overdue.hint')} style={{ marginBottom: 16 }} />
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Select aria-label={t('complaints.filters.handler')} allowClear showSearch optionFilterProp="label" placeholder={t('complaints.filters.handler')} options={staff} style={{ width: 200 }}
            onChange={(handlerId?: number) => setFilters({ ...filters, handlerId })} />
          <Input.Search allowClear placeholder={t('complaints.filters.department')} style={{ width: 200 }}
            onSearch={(d) => setFilters({ ...filters, department: d.trim() || undefined })} />
        </Space>
        <Button icon={<BellOutlined />} onClick={() => void remindNow()} data-testid="remind-now">{t('complaints.overdue.remindNow')}</Button>
      </Space>
      <Table<OverdueStep> {...tableProps} rowKey="stepId" columns={columns} data-testid="overdue-table" />
      <ComplaintDrawer id={openId} onClose={() => setParams({})} />
    </>
  );
}
