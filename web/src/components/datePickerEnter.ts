// Enter in a date field confirms the date typed there — never the dialog around it. A form in a
// modal or drawer has a submit button, so the browser would otherwise also submit the form on
// Enter (implicit submission) and a half-filled record would be created. One listener for the
// whole console, in the capture phase: the picker still sees the key (it does not look at
// defaultPrevented) and takes the date; only the browser's form submission is cancelled.
const pickerInDialog = '.ant-modal .ant-picker, .ant-drawer .ant-picker';

export function keepEnterInDatePickers(target: Document = document): void {
  target.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.target instanceof Element)) return;
    if (e.target.closest(pickerInDialog)) e.preventDefault();
  }, true);
}
