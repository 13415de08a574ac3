// Permission checkboxes grouped by area (the part of the code before the first dot);
// labels come from GET /api/v1/permissions.
import { Checkbox, Col, Row, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';
import type { Permission } from './types';

interface Props { value?: string[]; onChange?: (value: string[]) => void }

function groupOf(code: string) {
  return code.split('.')[0];
}

export function PermissionPicker({ value = [], onChange }: Props) {
  const { t } = useTranslation();
  const pick = useBilingual();
  const { data, isPending } = useList<Permission>('/permissions');
  if (isPending) return <Spin />;
  const groups = new Map<string, Permission[]>();
  for (const p of data ?? []) groups.set(groupOf(p.code), [...(groups.get(groupOf(p.code)) ?? []), p]);
  const chosen = new Set(value);
  const setGroup = (codes: string[], on: boolean) => {
    const next = new Set(chosen);
    for (const c of codes) if (on) next.add(c); else next.delete(c);
    onChange?.([...next]);
  };
  return (
    <div style={{ maxHeight: 360, overflowY: 'auto', border: '1px solid rgba(5,5,5,0.06)', borderRadius: 6, padding: '4px 12px' }}>
      {[...groups].map(([group, perms]) => {
        const codes = perms.map((p) => p.code);
        const n = codes.filter((c) => chosen.has(c)).length;
        return (
          <Row key={group} gutter={8} style={{ padding: '8px 0', borderBottom: '1px solid rgba(5,5,5,0.04)' }}>
            <Col flex="140px">
              <Checkbox checked={n === codes.length} indeterminate={n > 0 && n < codes.length} onChange={(e) => setGroup(codes, e.target.checked)}>
                <Typography.Text strong>{t(`permissionGroup.${group}`, { defaultValue: group })}</Typography.Text>
              </Checkbox>
            </Col>
            <Col flex="1">
              {perms.map((p) => (
                <Checkbox key={p.code} checked={chosen.has(p.code)} onChange={(e) => setGroup([p.code], e.target.checked)} style={{ marginRight: 16 }}>
                  <span title={p.code}>{pick(p.labelZh, p.labelEn)}</span>
                </Checkbox>
              ))}
            </Col>
          </Row>
        );
      })}
    </div>
  );
}
