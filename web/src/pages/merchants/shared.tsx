// Small pieces the merchant pages share: levels, ratings, importance, discount.
import { Rate, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';
import type { Level, MerchantImportance, MerchantService, RatingSummary } from './types';

export const merchantLists = ['/merchants', '/merchant-services', '/merchant-participations'];
export const ratingValues = [-2, -1, 0, 1, 2] as const;

export function useLevels() {
  const pick = useBilingual();
  const list = useList<Level>('/merchants/levels');
  const levels = list.data ?? [];
  return {
    options: levels.map((l) => ({ value: l.code, label: pick(l.labelZh, l.labelEn) })),
    label: (code: string) => {
      const l = levels.find((x) => x.code === code);
      return l ? pick(l.labelZh, l.labelEn) : code;
    },
  };
}

export function LevelTags({ codes }: { codes: string[] }) {
  const { label } = useLevels();
  return <Space size={[0, 4]} wrap>{codes.map((c) => <Tag key={c}>{label(c)}</Tag>)}</Space>;
}

const importanceColour: Record<MerchantImportance, string | undefined> = { high: 'red', normal: 'blue', low: undefined };
export function MerchantImportanceTag({ value }: { value: MerchantImportance }) {
  const { t } = useTranslation();
  return <Tag color={importanceColour[value]}>{t(`merchants.importanceValue.${value}`)}</Tag>;
}

/** −2 … +2 shown as 1 … 5 stars with the word for it. */
export function RatingValue({ value }: { value: number | null }) {
  const { t } = useTranslation();
  if (value == null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={`${value > 0 ? '+' : ''}${value}`}>
      <Space size={4}><Rate disabled count={5} value={value + 3} style={{ fontSize: 12 }} /><span>{t(`merchants.rating.values.${value}`)}</span></Space>
    </Tooltip>
  );
}

export function RatingSummaryView({ rating }: { rating: RatingSummary }) {
  const { t } = useTranslation();
  if (!rating.count) return <Typography.Text type="secondary">{t('merchants.rating.none')}</Typography.Text>;
  return (
    <Space wrap data-testid="rating-summary">
      <strong>{rating.average! > 0 ? '+' : ''}{rating.average}</strong>
      <Typography.Text type="secondary">{t('merchants.rating.count', { count: rating.count })}</Typography.Text>
      <Tag color="green">+ {rating.positive}</Tag><Tag>0 {rating.neutral}</Tag><Tag color="red">− {rating.negative}</Tag>
    </Space>
  );
}

export function discountText(t: (k: string, o?: Record<string, unknown>) => string, s: Pick<MerchantService, 'discountPercent' | 'discountNote'>) {
  const parts = [s.discountPercent != null ? t('merchants.service.percentOff', { value: s.discountPercent }) : null, s.discountNote].filter(Boolean);
  return parts.length ? parts.join(' · ') : '—';
}

export function periodText(t: (k: string) => string, s: Pick<MerchantService, 'startsOn' | 'endsOn'>) {
  return `${s.startsOn} ~ ${s.endsOn ?? t('merchants.service.openEnded')}`;
}
