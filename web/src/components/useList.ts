// Small lists the API returns whole (roles, tokens, dictionary values), cached by path and query.
import { useQuery } from '@tanstack/react-query';
import { api, type Query } from '../api';

export function useList<T>(path: string, query?: Query, enabled = true) {
  return useQuery({ queryKey: query ? [path, query] : [path], queryFn: () => api.get<T[]>(path, query), enabled });
}
