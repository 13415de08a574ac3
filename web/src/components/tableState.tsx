import type { UseQueryResult } from '@tanstack/react-query';
import { Typography, type TableProps } from 'antd';
import { errorMessage } from './apiErrors';

/**
 * Loading state, row key and — when the request failed — the API's message in place of "no data".
 * A list wider than the page scrolls sideways inside its box (scroll.x), so its action column,
 * fixed on the right, stays on screen at any width.
 */
export function tableStateProps<T>(query: Pick<UseQueryResult, 'isFetching' | 'error'>): TableProps<T> {
  return {
    rowKey: 'id',
    loading: query.isFetching,
    size: 'middle',
    scroll: { x: 'max-content' },
    locale: query.error ? { emptyText: <Typography.Text type="danger">{errorMessage(query.error)}</Typography.Text> } : undefined,
  };
}

