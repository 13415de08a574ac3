// A modal form that submits to the API: validates, sends, refreshes the lists it touches,
// and on refusal shows the API's message and puts its field details on the fields.
import { useState, type ReactNode } from 'react';
import { App, Form, Modal } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from './apiErrors';

export interface FormDialogProps<V, R> {
  open: boolean;
  title: ReactNode;
  initialValues?: Partial<V>;
  okText?: ReactNode;
  width?: number;
  /** list paths to refresh after success, e.g. ['/users'] */
  invalidate?: string[];
  /** message shown after success, naming what was created or changed (a function of the reply); none when omitted */
  successMessage?: string | ((result: R, values: V) => string);
  onSubmit: (values: V) => Promise<R>;
  onDone?: (result: R) => void;
  onClose: () => void;
  children: ReactNode;
}

export function FormDialog<V extends object, R = unknown>(props: FormDialogProps<V, R>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields show what is missing
    }
    setSaving(true);
    try {
      const result = await props.onSubmit(values);
      await Promise.all((props.invalidate ?? []).map((path) => qc.invalidateQueries({ queryKey: [path] })));
      const said = typeof props.successMessage === 'function' ? props.successMessage(result, values) : props.successMessage;
      if (said) message.success(said);
      props.onClose();
      props.onDone?.(result);
    } catch (err) {
      applyFieldErrors(form, err);
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      width={props.width}
      onOk={submit}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={props.initialValues} preserve={false} onFinish={submit}>
        {props.children}
        {/* lets Enter submit */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
