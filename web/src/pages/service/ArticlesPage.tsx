// 知识库: articles (drafts for writers and publishers, published ones for everyone who reads the
// service desk), searched by words in title, text and tags; an article opens in a drawer as plain
// text — never as HTML; writers edit, publishers publish, take back and delete.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Descriptions, Drawer, Input, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { errorMessage } from '../../components/apiErrors';
import { Confirm } from '../../components/Confirm';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { useServerTable } from '../../components/useServerTable';
import { ArticleDialog } from './ServiceDialogs';
import { serviceLists, useDictionary, useEscapeCloses } from './lookups';
import type { Article, ArticleListItem, ArticleStatus } from './types';

type Filters = { q?: string; category?: string; status?: ArticleStatus };

function StatusTag({ value }: { value: ArticleStatus }) {
  const { t } = useTranslation();
  return <Tag color={value === 'published' ? 'green' : 'default'} data-testid="article-status">{t(`service.article.statusValue.${value}`)}</Tag>;
}

export default function ArticlesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const { tableProps, filters, setFilters } = useServerTable<ArticleListItem, Filters>('/service/articles');
  const categories = useDictionary('kb_category');
  const [creating, setCreating] = useState(false);
  const writer = can('service.write') || can('service.manage');

  const columns: TableColumnsType<ArticleListItem> = [
    {
      title: t('service.article.title'), dataIndex: 'title', render: (v: string, a) => (
        <>
          <Typography.Link onClick={() => setParams({ id: String(a.id) })}>{v}</Typography.Link>
          <div><Typography.Text type="secondary" ellipsis>{a.excerpt}</Typography.Text></div>
        </>
      ),
    },
    { title: t('service.article.category'), dataIndex: 'category', width: 140, render: categories.label },
    { title: t('service.article.tags'), dataIndex: 'tags', width: 200, render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>) },
    { title: t('service.article.status'), dataIndex: 'status', width: 100, render: (v: ArticleStatus) => <StatusTag value={v} /> },
    { title: t('service.article.views'), dataIndex: 'viewCount', width: 80, align: 'right' },
    { title: t('service.article.updatedAt'), dataIndex: 'updatedAt', width: 160, className: 'nowrap', render: formatTime },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Input.Search allowClear aria-label={t('service.article.search')} placeholder={t('service.article.search')} style={{ width: 260 }} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Select aria-label={t('service.article.category')} allowClear placeholder={t('service.article.category')} style={{ width: 160 }} options={categories.allOptions}
            onChange={(category?: string) => setFilters({ ...filters, category })} />
          {writer && (
            <Select aria-label={t('service.article.status')} allowClear placeholder={t('service.article.status')} style={{ width: 120 }}
              options={(['draft', 'published'] as const).map((s) => ({ value: s, label: t(`service.article.statusValue.${s}`) }))} onChange={(status?: ArticleStatus) => setFilters({ ...filters, status })} />
          )}
        </Space>
        {can('service.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="article-create">{t('service.article.create')}</Button>}
      </Space>
      <Table<ArticleListItem> {...tableProps} rowKey="id" columns={columns} data-testid="articles-table" />
      <ArticleDialog open={creating} onClose={() => setCreating(false)} />
      <ArticleDrawer id={openId} onClose={() => setParams({})} />
    </>
  );
}

function ArticleDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const act = useAction();
  const categories = useDictionary('kb_category');
  const [editing, setEditing] = useState(false);
  const detail = useQuery({ queryKey: ['/service/articles', 'detail', id], queryFn: () => api.get<Article>(`/service/articles/${id}`), enabled: id != null });
  const a = detail.data;
  const manage = can('service.manage');
  const mayEdit = a && can('service.write') && (a.status === 'draft' || manage);
  useEscapeCloses(id != null, editing, onClose);
  return (
    <Drawer open={id != null} onClose={onClose} size={760} data-testid="article-drawer" title={a ? a.title : ' '}
      extra={a && (
        <Space wrap>
          {mayEdit && <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
          {manage && a.status === 'draft' && (
            <Button type="primary" data-testid="article-publish"
              onClick={() => act(() => api.post(`/service/articles/${a.id}/publish`), { invalidate: serviceLists, success: t('service.article.published', { title: a.title }) })}>
              {t('service.article.publish')}
            </Button>
          )}
          {manage && a.status === 'published' && (
            <Button onClick={() => act(() => api.post(`/service/articles/${a.id}/unpublish`), { invalidate: serviceLists, success: t('service.article.unpublished', { title: a.title }) })}>
              {t('service.article.unpublish')}
            </Button>
          )}
          {manage && (
            <Confirm title={t('service.article.confirmDelete', { title: a.title })}
              onConfirm={async () => { if (await act(() => api.delete(`/service/articles/${a.id}`), { invalidate: serviceLists, success: t('service.article.deleted', { title: a.title }) })) onClose(); }}>
              <Button danger>{t('service.article.delete')}</Button>
            </Confirm>
          )}
        </Space>
      )}>
      {detail.isLoading && <Spin />}
      {detail.error && <Typography.Text type="danger">{errorMessage(detail.error)}</Typography.Text>}
      {a && (
        <>
          <Descriptions column={2} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('service.article.category')}>{categories.label(a.category)}</Descriptions.Item>
            <Descriptions.Item label={t('service.article.status')}><StatusTag value={a.status} /></Descriptions.Item>
            <Descriptions.Item label={t('service.article.tags')}>{a.tags.map((x) => <Tag key={x}>{x}</Tag>)}</Descriptions.Item>
            <Descriptions.Item label={t('service.article.views')}>{a.viewCount} · {t('service.article.usedIn', { count: a.tickets ?? 0 })}</Descriptions.Item>
            <Descriptions.Item label={t('service.article.updatedBy')}>{a.updatedBy}</Descriptions.Item>
            <Descriptions.Item label={t('service.article.updatedAt')}>{formatTime(a.updatedAt)}</Descriptions.Item>
          </Descriptions>
          {/* plain text, as written: React escapes it, nothing is parsed as HTML */}
          <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }} data-testid="article-body-view">{a.body}</div>
          <ArticleDialog open={editing} article={a} onClose={() => setEditing(false)} />
        </>
      )}
    </Drawer>
  );
}
