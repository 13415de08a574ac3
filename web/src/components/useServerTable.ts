// Server-paginated tables: `?page=&pageSize=` plus filters in, `{items,total,page,pageSize}` out.
// A page keeps its filters here; changing them goes back to page 1.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type Paged, type Query } from '../api';
import { tableStateProps } from './tableState';

export function useServerTable<T extends object, F extends Query = Query>(path: string, initialFilters = {} as F) {
  const { t } = useTranslation();
  const [filters, setFiltersState] = useState<F>(initialFilters);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = useQuery({
    queryKey: [path, { ...filters, page, pageSize }],
    queryFn: () => api.get<Paged<T>>(path, { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const tableProps: TableProps<T> = {
    ...tableStateProps<T>(query),
    dataSource: query.data?.items ?? [],
    pagination: {
      current: page, pageSize, total: query.data?.total ?? 0, showSizeChanger: true,
      // a long list's total is an estimate (the server says so): 约 1,000,000 条
      showTotal: (total) => t(query.data?.totalExact === false ? 'common.totalAbout' : 'common.total', { total: total.toLocaleString() }),
    },
    onChange: (p) => {
      setPage(p.current ?? 1);
      setPageSize(p.pageSize ?? pageSize);
    },
  };
  const setFilters = (next: F) => {
    setFiltersState(next);
    setPage(1);
  };
  return { tableProps, filters, setFilters, query };
}
