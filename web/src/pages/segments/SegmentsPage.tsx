// 客群: the saved segments; each opens its page (filters, live count, members, export, care).
import { useNavigate } from 'react-router';
import { Button, Space, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { SegmentFiltersView, type Segment } from './shared';

export default function SegmentsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const { tableProps } = useServerTable<Segment>('/segments');
  const columns: TableColumnsType<Segment> = [
    { title: t('segments.segment.name'), dataIndex: 'name', width: 200, render: (v: string, s) => <Typography.Link onClick={() => navigate(`/segments/${s.id}`)}>{v}</Typography.Link> },
    { title: t('segments.segment.filters'), key: 'filters', render: (_, s) => <SegmentFiltersView filters={s.filters} /> },
    { title: t('segments.segment.description'), dataIndex: 'description', width: 220 },
    { title: t('segments.segment.createdBy'), dataIndex: 'createdBy', width: 110 },
    { title: t('segments.segment.updatedAt'), dataIndex: 'updatedAt', width: 170, render: formatTime, className: 'nowrap' },
  ];
  return (
    <>
      {can('segment.manage') && (
        <Space style={{ marginBottom: 16 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/segments/new')} data-testid="new-segment">{t('segments.segment.new')}</Button>
        </Space>
      )}
      <Table<Segment> {...tableProps} rowKey="id" columns={columns} data-testid="segments-table" onRow={(s) => ({ onDoubleClick: () => navigate(`/segments/${s.id}`) })} />
    </>
  );
}
