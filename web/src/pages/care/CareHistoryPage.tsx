// 会员关怀历史: every care a member received — when, which care, by which channel, the result.
import { useSearchParams } from 'react-router';
import { Empty, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { MemberPicker } from '../../components/MemberPicker';
import { MemberCareTable } from './MemberCareTable';

export default function CareHistoryPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const memberId = Number(params.get('member')) || undefined;
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Typography.Text>{t('care.history.pick')}</Typography.Text>
        <MemberPicker value={memberId} data-testid="history-member" includeArchived
          onChange={(v: never) => setParams(v ? { member: String(v) } : {})} />
      </Space>
      {!memberId ? <Empty description={t('care.history.pickHint')} /> : <MemberCareTable memberId={memberId} />}
    </>
  );
}
