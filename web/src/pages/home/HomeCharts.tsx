// The home page's two small charts, in their own chunk so that echarts loads with the home page's
// figures only (never with the sign-in page). Labels are user text (dictionary labels): escaped.
import ReactECharts from 'echarts-for-react';
import { format } from 'echarts';
import { useTranslation } from 'react-i18next';
import type { LevelCount, PointsMonth } from './types';

export function LevelsChart({ levels, label }: { levels: LevelCount[]; label: (code: string) => string }) {
  const option = {
    animation: false,
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; percent: number }) => `${format.encodeHTML(p.name)}: ${p.value.toLocaleString()} (${p.percent}%)` },
    legend: { bottom: 0, formatter: (name: string) => name },
    series: [{ type: 'pie', radius: ['40%', '68%'], top: 0, bottom: 28, data: levels.map((l) => ({ name: label(l.level), value: l.members })), label: { show: false } }],
  };
  return <ReactECharts option={option} style={{ height: 220 }} notMerge />;
}

export function PointsChart({ months }: { months: PointsMonth[] }) {
  const { t } = useTranslation();
  const option = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 56, right: 8, top: 12, bottom: 52 },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: { type: 'value' },
    series: [
      { name: t('home.figures.issued'), type: 'bar', data: months.map((m) => m.issued) },
      { name: t('home.figures.redeemed'), type: 'bar', data: months.map((m) => m.redeemed) },
    ],
  };
  return <ReactECharts option={option} style={{ height: 220 }} notMerge />;
}
