// A confirmation before an action (delete, restore, revoke…): Ant Design's Popconfirm, made usable
// by keyboard. Opening it moves the focus to its OK button (described by the question, so a screen
// reader reads both); closing it — OK, Cancel or Escape — gives the focus back to the control that
// opened it, or, when that control went away with its record, to the page's content.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Popconfirm, type PopconfirmProps } from 'antd';

/** Where the focus goes when the control that opened a confirmation is gone (AppLayout's content). */
const fallbackFocus = () => document.getElementById('main-content');
const focusLost = () => !document.activeElement || document.activeElement === document.body;

/**
 * Back to the opener; when a confirmed delete then removes it (the list reloads, the row changes),
 * the focus would fall to the page's body: it goes to the content instead. The watch outlives the
 * confirmation, which often goes away with its row.
 */
function giveFocusBack(back: HTMLElement | null) {
  if (back?.isConnected) back.focus();
  else fallbackFocus()?.focus();
  if (!back) return;
  const watch = new MutationObserver(() => {
    if (back.isConnected) return;
    watch.disconnect();
    if (focusLost()) fallbackFocus()?.focus();
  });
  watch.observe(document.body, { childList: true, subtree: true });
  setTimeout(() => watch.disconnect(), 10_000);
}

export function Confirm({ title, open: openProp, onOpenChange, okButtonProps, cancelButtonProps, ...rest }: PopconfirmProps & { title: ReactNode }) {
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  const okId = useId();
  const titleId = useId();

  useEffect(() => {
    if (open && !wasOpen.current) {
      wasOpen.current = true;
      // the popup renders in a portal on the next frames: focus its OK button when it is there
      let tries = 0;
      const focusOk = () => {
        const ok = document.getElementById(okId);
        if (ok) ok.focus();
        else if (tries++ < 30) frame = requestAnimationFrame(focusOk);
      };
      let frame = requestAnimationFrame(focusOk);
      // Escape closes it wherever the focus is (its buttons included), like the trigger's own Escape
      const onKey = (e: KeyboardEvent) => {
        if (e.key === 'Escape') change(false);
      };
      document.addEventListener('keydown', onKey);
      return () => { cancelAnimationFrame(frame); document.removeEventListener('keydown', onKey); };
    }
    if (!open && wasOpen.current) {
      wasOpen.current = false;
      giveFocusBack(opener.current);
      opener.current = null;
    }
    return undefined;
  }, [open, okId]);

  useEffect(() => () => {
    if (!wasOpen.current) return;
    wasOpen.current = false;
    const back = opener.current;
    requestAnimationFrame(() => { if (focusLost()) giveFocusBack(back); });
  }, []);

  function change(next: boolean) {
    if (next) {
      const active = document.activeElement;
      opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
    }
    setOpenState(next);
    onOpenChange?.(next);
  }

  return (
    <Popconfirm
      {...rest}
      title={<span id={titleId}>{title}</span>}
      open={open}
      onOpenChange={change}
      okButtonProps={{ ...okButtonProps, id: okId, 'aria-describedby': titleId }}
      cancelButtonProps={cancelButtonProps}
    />
  );
}
