// Showing the API's error body: its localised message to the user, its details on the form fields.
import type { FormInstance } from 'antd';
import i18n from '../i18n';
import { ApiError } from '../api';

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return i18n.t('error.unexpected');
}

/** Puts each `{field, issue}` of an API error on the form field of that name; returns true when any matched. */
export function applyFieldErrors(form: FormInstance, err: unknown): boolean {
  if (!(err instanceof ApiError) || !err.details.length) return false;
  const registered = new Set(Object.keys(form.getFieldsValue()));
  const fields = err.details.flatMap(({ field, issue }) => {
    const name = registered.has(field) ? field : field.split('.')[0];
    return registered.has(name) ? [{ name, errors: [issue] }] : [];
  });
  form.setFields(fields);
  return fields.length > 0;
}
