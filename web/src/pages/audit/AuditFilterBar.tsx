import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { actionLabel, entityTypeLabel, knownActions, knownEntityTypes } from './labels';
import type { AuditFilters } from './types';
import { companyDayEnd, companyDayStart } from '../../components/format';

interface Values { action?: string; entityType?: string; actorName?: string; range?: [Dayjs | null, Dayjs | null] | null }

/** The audit filters; a date range covers whole days in the company's clock. */
export function AuditFilterBar({ onSearch }: { onSearch: (f: AuditFilters) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const search = (v: Values) =>
    onSearch({
      action: v.action?.trim() || undefined,
      entityType: v.entityType?.trim() || undefined,
      actorName: v.actorName?.trim() || undefined,
      from: companyDayStart(v.range?.[0]),
      to: companyDayEnd(v.range?.[1]),
    });
  // searchable lists: typing finds an action by its words in the reader's language or by its code
  const codeFilter = (input: string, option?: { value: string; label: string }) =>
    !!option && (option.value.toLowerCase().includes(input.toLowerCase()) || option.label.toLowerCase().includes(input.toLowerCase()));
  const actions = knownActions.map((a) => ({ value: a, label: actionLabel(t, a) })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  return (
    <Form form={form} layout="inline" onFinish={search} style={{ marginBottom: 16, rowGap: 8 }} data-testid="audit-filters">
      <Form.Item name="action" label={t('audit.action')}>
        <Select
          allowClear
          showSearch={{ filterOption: codeFilter }}
          style={{ width: 260 }}
          options={actions}
          optionRender={(o) => <span>{o.label} <span style={{ opacity: 0.65 }}>{o.value}</span></span>}
          placeholder={t('audit.actionSearch')}
          data-testid="audit-action-filter"
        />
      </Form.Item>
      <Form.Item name="entityType" label={t('audit.entityType')}>
        <Select
          allowClear
          showSearch={{ filterOption: codeFilter }}
          style={{ width: 180 }}
          options={knownEntityTypes.map((e) => ({ value: e, label: entityTypeLabel(t, e) }))}
          optionRender={(o) => <span>{o.label} <span style={{ opacity: 0.65 }}>{o.value}</span></span>}
        />
      </Form.Item>
      <Form.Item name="actorName" label={t('audit.actor')}>
        <Input allowClear style={{ width: 140 }} placeholder={t('audit.actorPlaceholder')} />
      </Form.Item>
      <Form.Item name="range" label={t('audit.dateRange')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>{t('common.search')}</Button>
        <Button onClick={() => { form.resetFields(); search({}); }}>{t('common.reset')}</Button>
      </Space>
    </Form>
  );
}
