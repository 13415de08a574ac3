import { Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { useNamedOutcome } from '../../components/useNamedOutcome';
import { useBilingual } from '../../i18n';
import type { DictionaryItem } from './types';

interface Values { code: string; labelZh: string; labelEn: string; parentCode?: string; sort?: number | null }

/** Adds a value to `kind`, or edits `item` (its code and parent stay: other records refer to them). */
export function DictionaryItemDialog(props: { open: boolean; kind: string; item?: DictionaryItem; parents: DictionaryItem[]; onClose: () => void }) {
  const { t } = useTranslation();
  const pick = useBilingual();
  const named = useNamedOutcome();
  const { item } = props;
  const required = { required: true, message: t('validation.required') };
  const submit = ({ code, parentCode, sort, labelZh, labelEn }: Values) => {
    const common = { labelZh, labelEn, sort: sort ?? undefined };
    return item
      ? api.patch(`/dictionaries/${item.id}`, common)
      : api.post('/dictionaries', { kind: props.kind, code, parentCode: parentCode || null, ...common });
  };
  return (
    <FormDialog<Values>
      open={props.open}
      title={item ? t('dictionaries.editTitle') : t('dictionaries.add')}
      invalidate={['/dictionaries']}
      successMessage={(_, v) => named('dictionary', pick(v.labelZh, v.labelEn), !!item)}
      initialValues={item ? { ...item, parentCode: item.parentCode ?? undefined } : {}}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Form.Item name="code" label={t('dictionaries.code')} extra={item ? undefined : t('dictionaries.codeRule')} rules={item ? [] : [required, { pattern: /^[a-z0-9_]{1,32}$/, message: t('dictionaries.codeRule') }]}>
        <Input disabled={!!item} />
      </Form.Item>
      <Form.Item name="labelZh" label={t('common.labelZh')} rules={[required]}><Input /></Form.Item>
      <Form.Item name="labelEn" label={t('common.labelEn')} rules={[required]}><Input /></Form.Item>
      {props.parents.length > 0 && (
        <Form.Item name="parentCode" label={t('dictionaries.parent')}>
          <Select allowClear disabled={!!item} options={props.parents.filter((p) => p.id !== item?.id).map((p) => ({ value: p.code, label: pick(p.labelZh, p.labelEn) }))} />
        </Form.Item>
      )}
      <Form.Item name="sort" label={t('dictionaries.sort')} extra={item ? undefined : t('dictionaries.sortHint')}>
        <InputNumber precision={0} style={{ width: 160 }} />
      </Form.Item>
    </FormDialog>
  );
}
