// 会员积分: swipe a card (or type a card or member number) → the member's balance and totals,
// booking points for a business event, redeeming a plan, and the tabs: lots with their expiry,
// entries with their events (corrections for those who may), redemptions, cards.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Card, Empty, Space, Tabs } from 'antd';
import { GiftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { MemberCardsTable } from '../cards/CardHistory';
import { EntriesTable, LotsTable, MemberRedemptions } from './MemberLedger';
import { BookPointsForm, CardReaderField, MemberSummary, RedeemDialog } from './shared';
import type { MemberPoints } from './types';

export default function MemberPointsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  const memberId = Number(id) || null;
  const member = useQuery({
    queryKey: ['/members', memberId, 'points'],
    queryFn: () => api.get<MemberPoints>(`/members/${memberId}/points`),
    enabled: !!memberId,
  });
  const [redeem, setRedeem] = useState(false);
  const can = useCan();
  const m = member.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <CardReaderField onMember={(found) => navigate(`/points/members/${found.memberId}`)} />
      {!memberId && <Empty description={t('points.add.mustPickMember')} />}
      {m && (
        <>
          <MemberSummary m={m} />
          {can('points.adjust') && (
            <Card size="small" title={t('points.add.title')} extra={can('redemption.manage') && (
              <Button icon={<GiftOutlined />} onClick={() => setRedeem(true)} disabled={m.memberStatus === 'archived'} data-testid="redeem-button">{t('points.redeem.button')}</Button>
            )}>
              <BookPointsForm member={m} onBooked={() => void member.refetch()} />
            </Card>
          )}
          <Tabs
            items={[
              { key: 'lots', label: t('points.tabs.lots'), children: <LotsTable memberId={m.memberId} /> },
              { key: 'entries', label: t('points.tabs.entries'), children: <EntriesTable memberId={m.memberId} onChanged={() => void member.refetch()} /> },
              { key: 'redemptions', label: t('points.tabs.redemptions'), children: <MemberRedemptions memberId={m.memberId} /> },
              { key: 'cards', label: t('points.tabs.cards'), children: <MemberCardsTable memberId={m.memberId} /> },
            ]}
          />
          <RedeemDialog member={m} open={redeem} onClose={() => setRedeem(false)} onDone={() => void member.refetch()} />
        </>
      )}
    </Space>
  );
}

