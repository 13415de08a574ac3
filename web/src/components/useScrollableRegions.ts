// Tables wider than the page scroll sideways inside their own box. A keyboard user scrolls such a
// box only when it can take the focus: every table scroll box that overflows and holds nothing
// focusable (an empty list, a list without links) gets tabindex=0 and the table's name, so arrow
// keys scroll it; a box with links or buttons scrolls to whichever of them has the focus.
import { useEffect, type RefObject } from 'react';

const boxes = '.ant-table-content, .ant-table-body';
const focusable = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

function update(root: HTMLElement, label: string) {
  for (const box of root.querySelectorAll<HTMLElement>(boxes)) {
    const overflows = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    const owned = box.dataset.scrollRegion === 'true';
    const needs = overflows && !box.querySelector(focusable);
    if (needs && !owned) {
      box.dataset.scrollRegion = 'true';
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', label);
    } else if (!needs && owned) {
      delete box.dataset.scrollRegion;
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
    }
  }
}

export function useScrollableRegions(root: RefObject<HTMLElement | null>, label: string) {
  useEffect(() => {
    const el = root.current;
    if (!el) return undefined;
    let frame = 0;
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => update(el, label));
    };
    schedule();
    const observer = new MutationObserver(schedule);
    observer.observe(el, { childList: true, subtree: true });
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      window.removeEventListener('resize', schedule);
    };
  }, [root, label]);
}
