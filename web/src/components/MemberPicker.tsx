// The one way the console picks a member (会员选择): type a name, its pinyin, a mobile or its last
// digits, a member or card number — GET /members?q= answers within the user's data scope — and
// each match shows what tells two 王伟 apart: member no., level, the mobile's last digits,
// department and project. Used for issuing a card, receiving a complaint, booking points,
// recording participants and choosing members for care.
import { useEffect, useState, type CSSProperties } from 'react';
import { Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Paged } from '../api';
import { useBilingual } from '../i18n';
import { useList } from './useList';

/** A member as the picker offers it (the member list's row). */
export interface MemberOption {
  id: number; memberNo: string; name: string; mobile: string | null; status: string; level: string | null;
  department: string | null; project: string | null;
}

type Key = number | string;

interface Props {
  value?: Key | Key[] | null;
  onChange?: (value: never) => void;
  /** several members (care, notices); one by default */
  multiple?: boolean;
  /** what the field's value is: the member's id (default) or member number (APIs that take one) */
  valueKey?: 'id' | 'memberNo';
  /** the member picked (undefined when cleared), for callers that need more than the value */
  onPick?: (m: MemberOption | undefined) => void;
  /** archived members too (history); live members only by default */
  includeArchived?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  'data-testid'?: string;
  id?: string;
}

interface CardType { code: string; labelZh: string; labelEn: string }

/** 138****8888 → "8888": the last digits staff read back to a caller. */
const tail = (mobile: string | null) => (mobile ? mobile.replace(/\D/g, '').slice(-4) : null);

/** Waits until typing pauses, so one request goes per search rather than per key. */
function useSettled(text: string, ms = 250) {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), ms);
    return () => clearTimeout(timer);
  }, [text, ms]);
  return settled;
}

export function MemberPicker({ value, onChange, multiple = false, valueKey = 'id', onPick, includeArchived = false, autoFocus, disabled, style, id, ...rest }: Props) {
  const { t } = useTranslation();
  const pick = useBilingual();
  const [typed, setTyped] = useState('');
  const q = useSettled(typed.trim());
  // labels of members picked earlier, kept while the search moves on
  const [known, setKnown] = useState<Map<Key, MemberOption>>(new Map());
  const types = useList<CardType>('/card-types');
  const level = (code: string | null) => {
    const ct = (types.data ?? []).find((x) => x.code === code);
    return ct ? pick(ct.labelZh, ct.labelEn) : code;
  };
  const found = useQuery({
    queryKey: ['/members', { q, pageSize: 20, picker: true }],
    queryFn: () => api.get<Paged<MemberOption>>('/members', { q, pageSize: 20 }),
    enabled: q.length > 0,
  });
  const keyOf = (m: MemberOption): Key => (valueKey === 'memberNo' ? m.memberNo : m.id);
  const matches = (found.data?.items ?? []).filter((m) => includeArchived || m.status !== 'archived');
  const chosen = (Array.isArray(value) ? value : value != null ? [value] : []).filter((k) => !matches.some((m) => keyOf(m) === k));
  const shown = (m: MemberOption) => `${m.name} · ${m.memberNo}`;
  const options = [
    ...chosen.map((k) => {
      const m = known.get(k);
      return { value: k, label: m ? shown(m) : String(k), member: m };
    }),
    ...matches.map((m) => ({ value: keyOf(m), label: shown(m), member: m as MemberOption | undefined })),
  ];

  const remember = (picked: MemberOption[]) => setKnown((prev) => new Map([...prev, ...picked.map((m) => [keyOf(m), m] as [Key, MemberOption])]));

  return (
    <Select
      id={id}
      aria-label={t('memberPicker.label')}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      allowClear
      autoFocus={autoFocus}
      disabled={disabled}
      value={value as never}
      placeholder={t('memberPicker.placeholder')}
      loading={found.isFetching}
      options={options}
      notFoundContent={q && !found.isFetching ? t('memberPicker.none') : null}
      style={{ minWidth: 280, ...style }}
      popupMatchSelectWidth={false}
      data-testid={rest['data-testid']}
      optionRender={(o) => {
        const m = (o.data as { member?: MemberOption }).member;
        if (!m) return o.label;
        const digits = tail(m.mobile);
        return (
          <div data-testid="member-option" style={{ lineHeight: 1.4, padding: '2px 0' }}>
            <Space size={6} wrap>
              <Typography.Text strong>{m.name}</Typography.Text>
              <Typography.Text code>{m.memberNo}</Typography.Text>
              {m.level ? <Tag color="gold" style={{ marginInlineEnd: 0 }}>{level(m.level)}</Tag> : <Tag style={{ marginInlineEnd: 0 }}>{t('memberPicker.noLevel')}</Tag>}
              {m.status !== 'active' && <Tag color="red" style={{ marginInlineEnd: 0 }}>{t(`memberPicker.status.${m.status}`, { defaultValue: m.status })}</Tag>}
            </Space>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[digits && t('memberPicker.mobileTail', { tail: digits }), m.department, m.project].filter(Boolean).join(' · ') || '—'}
              </Typography.Text>
            </div>
          </div>
        );
      }}
      onChange={(v, opts) => {
        const list = (Array.isArray(opts) ? opts : opts ? [opts] : []) as { member?: MemberOption }[];
        const picked = list.map((o) => o.member).filter((m): m is MemberOption => !!m);
        remember(picked);
        setTyped('');
        onPick?.(multiple ? undefined : picked[0]);
        onChange?.((v ?? (multiple ? [] : undefined)) as never);
      }}
    />
  );
}
