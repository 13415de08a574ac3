import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Avatar, Button, Dropdown } from 'antd';
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useMe } from '../auth';
import { errorMessage } from '../components/apiErrors';
import { ChangePasswordDialog } from './ChangePasswordDialog';

/** The signed-in user's name, with change-password and sign-out. */
export function UserMenu() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [changing, setChanging] = useState(false);

  const signOut = async () => {
    try {
      await api.post('/auth/sign-out');
    } catch (err) {
      message.error(errorMessage(err));
      return;
    }
    qc.clear();
    navigate('/sign-in', { replace: true });
  };

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'password', icon: <KeyOutlined />, label: t('password.change'), onClick: () => setChanging(true) },
            { type: 'divider' },
            { key: 'signOut', icon: <LogoutOutlined />, label: t('header.signOut'), onClick: () => void signOut() },
          ],
        }}
      >
        <Button type="text" data-testid="user-menu" icon={<Avatar size="small" icon={<UserOutlined />} />}>
          {me?.user.name}
        </Button>
      </Dropdown>
      <ChangePasswordDialog open={changing} onClose={() => setChanging(false)} />
    </>
  );
}
