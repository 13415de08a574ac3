// The console's one theme (Ant Design tokens), used by every page through the ConfigProvider in
// App.tsx. Colours are chosen for WCAG 2.1 AA: text, links, tags and error messages at least
// 4.5:1 against the white and light-grey surfaces they sit on, and controls and the focus ring at
// least 3:1. Pages take colours from here (or from Ant Design's status props: type="danger",
// Tag color="green"…), never hex values of their own.
import type { ThemeConfig } from 'antd';

/** Links, primary buttons, the selected menu entry, the focus ring: #0958d9 is 6.2:1 on white. */
export const primary = '#0958d9';
/** Good news (reached, sent, paid): 5.6:1 on white, 5.4:1 on its tag background. */
export const success = '#237804';
/** Errors, danger buttons and refusals: 5.6:1 on white. */
export const danger = '#cf1322';
/** Warnings: 6.8:1 on white. */
export const warning = '#874d00';

function tagText(colours: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(colours).flatMap(([name, hex]) => [[`${name}7`, hex], [`${name}-7`, hex]]));
}

export const consoleTheme: ThemeConfig = {
  token: {
    colorPrimary: primary,
    colorInfo: primary,
    colorLink: primary,
    // hover colours (Ant Design derives #2e7ae6 from the primary: 4.2:1 on white, short of 4.5:1) —
    // a hovered default button's text, a hovered link, white text on a hovered primary button: 5.2:1
    colorPrimaryHover: '#1668dc',
    colorPrimaryTextHover: '#1668dc',
    colorLinkHover: '#1668dc',
    colorSuccess: success,
    colorError: danger,
    colorWarning: warning,
    // the warning's own light background and border (derived from the dark warning colour they come out brown)
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    // secondary and hint text (#666 on white 5.7:1, on #f5f5f5 5.2:1); placeholders 5.3:1
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    colorIcon: 'rgba(0, 0, 0, 0.6)',
    // control borders 3:1 (inputs, selects, checkboxes, default buttons)
    colorBorder: '#8c8c8c',
    // the focus outline of buttons, links and menu entries
    colorPrimaryBorder: primary,
    // Tag colours: text of the preset colours that fall short of 4.5:1 on their light background
    // (each palette step has two names, green7 and green-7, both become --ant-green-7)
    ...tagText({ volcano: '#ad2102', orange: '#ad4e00', gold: '#874d00', yellow: '#876800', lime: '#3f6600', green: '#237804', cyan: '#006d75' }),
  },
  components: {
    // "No data" and the other empty-table texts (Ant Design greys them like disabled text: 1.8:1)
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' },
    Empty: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' },
  },
};
