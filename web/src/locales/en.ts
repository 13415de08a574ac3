// English. Same keys as zh-CN.ts (the Messages type makes a missing or extra key a compile error).
import type { Messages } from './zh-CN';
import customers from '../pages/customers/messages';
import membership from '../pages/membership/messages';
import complaints from '../pages/complaints/messages';
import merchants from '../pages/merchants/messages';
import cards from '../pages/cards/messages';
import points from '../pages/points/messages';
import activities from '../pages/activities/messages';
import care from '../pages/care/messages';
import jobs from '../pages/jobs/messages';
import segments from '../pages/segments/messages';
import webhooks from '../pages/webhooks/messages';
import sales from '../pages/sales/messages';
import service from '../pages/service/messages';
import calls from '../pages/calls/messages';

const en: Messages = {
  app: { subtitle: 'Customer club CRM and loyalty' },
  common: {
    actions: 'Actions', active: 'Active', inactive: 'Inactive', status: 'Status', backHome: 'Back to home', builtIn: 'Built-in',
    cancel: 'Cancel', create: 'Create', createdAt: 'Created', delete: 'Delete', deleted: 'Deleted', done: 'Done', edit: 'Edit',
    labelZh: 'Chinese name', labelEn: 'English name', reload: 'Reload', reset: 'Reset', save: 'Save', saved: 'Saved', createdNamed: '{{what}} created: {{name}}', savedNamed: '{{what}} saved: {{name}}',
    search: 'Search', total: '{{total}} in all', totalAbout: 'about {{total}}',
  },
  validation: { required: 'Required' },
  export: {
    button: 'Export', csv: 'CSV file', xlsx: 'Excel file (XLSX)', done: 'Exported {{what}} ({{format}}, {{scope}})', all: 'all records', filtered: 'current filter: {{count}} conditions',
    masked: '; mobiles, e-mails, addresses and ID numbers masked (no "Export personal data" permission)',
    list: {
      customers: 'the customer list', members: 'the member list', applications: 'the applications', cards: 'the cards', pointsEntries: 'the points entries', redemptions: 'the redemptions',
      participants: 'the participants', costs: 'the activity costs', careResults: 'the care results', complaints: 'the complaints', merchants: 'the merchants', audit: 'the audit log', segmentMembers: 'the segment members', ...sales.exportEn, ...service.exportEn, ...calls.exportEn,
    },
  },
  memberPicker: {
    label: 'Find a member', placeholder: 'Name, pinyin, mobile or its last digits, member or card no.', none: 'No member found', noLevel: 'No level', mobileTail: 'mobile …{{tail}}',
    status: { leaving: 'Leaving', archived: 'Left' },
  },
  error: {
    network: 'The server cannot be reached; check the network and try again',
    http: 'The server answered with an error (HTTP {{status}})',
    unexpected: 'Something unexpected went wrong; reload the page and try again',
  },
  result: {
    notFoundTitle: 'Page not found', notFound: 'The page you asked for does not exist or has moved.',
    forbiddenTitle: 'No permission', forbidden: 'Your role may not open this page; ask an administrator if you need it.',
    errorTitle: 'Something went wrong',
  },
  menu: {
    home: 'Home', accounts: 'Accounts and roles', users: 'Users', roles: 'Roles', apiTokens: 'API tokens',
    dictionaries: 'Dictionaries', audit: 'Audit log', jobs: 'Background jobs',
  },
  header: { language: 'Language', signOut: 'Sign out', skipToContent: 'Skip to main content', mainMenu: 'Main menu', collapseMenu: 'Collapse the menu', expandMenu: 'Expand the menu', scrollTable: 'Table (scroll with the arrow keys)' },
  signIn: { login: 'Login', password: 'Password', submit: 'Sign in' },
  password: {
    change: 'Change password', current: 'Current password', new: 'New password', confirm: 'Confirm new password',
    mismatch: 'The two new passwords differ', changed: 'Password changed', rule: 'At least 10 characters, and not a common or easily guessed password (a few unrelated words work well)',
  },
  home: {
    welcome: 'Welcome, {{name}}', login: 'Login', department: 'Department', roles: 'Roles',
    shortcuts: 'What you can do', nothingYet: 'Your roles give you no pages yet; ask an administrator.',
    todos: {
      title: 'Waiting for you', none: 'Nothing waiting',
      applications: 'Applications to review', leaveRequests: 'Leave requests to approve', cardRequests: 'Card upgrades/changes to approve', pointsApprovals: 'Points to approve',
      followUpsDue: 'Follow-ups due', ticketsOverdue: 'My overdue tickets', overdueSteps: 'Overdue complaint steps', careToDos: 'Care results to record', unreachedMembers: 'Members not reached', failedNotices: 'Failed notices',
      importsRunning: 'Imports running', importsFailed: 'Failed imports',
    },
    figures: {
      title: 'This month ({{month}})', members: 'Members (active main card)', joined: 'Joined this month', left: 'Left this month', liability: 'Points liability (points members hold)',
      redemptionRate: 'Redemption rate ({{from}} to {{to}})', activities: 'Activities this month', openComplaints: 'Open complaints', byLevel: 'Members by level',
      pointsFlows: 'Points issued and redeemed per month', issued: 'Issued', redeemed: 'Redeemed', asOf: 'Counted at {{at}}',
    },
    delivery: {
      title: 'No real SMS / e-mail service is configured', and: ' and ',
      text: '{{channels}} use the log provider: notices are only recorded in the server log and never reach members. Set CLUBCRM_SMS_PROVIDER=http (with CLUBCRM_SMS_URL) or CLUBCRM_EMAIL_PROVIDER=smtp (with CLUBCRM_SMTP_URL) and restart.',
      sms: 'SMS', email: 'E-mail',
    },
  },
  notices: {
    menu: 'Notices', at: 'At', channel: 'Channel', purpose: 'Purpose', recipient: 'Recipient', member: 'Member', content: 'Content', status: 'Status',
    attempts: 'Attempts', sentAt: 'Sent at',
    purposeValue: { welcome: 'Welcome', leave: 'Leaving', care: 'Member care', activity: 'Activity', complaint_overdue: 'Overdue complaint reminder', points_expiry: 'Points expiry reminder', points_balance: 'Points balance' },
    recordedNotSent: ' (note: no real {{channels}} service is configured — the message was only recorded in the log, not sent)',
  },
  users: {
    create: 'New user', editTitle: 'Edit user: {{name}}', login: 'Login', name: 'Name', department: 'Department',
    email: 'E-mail', mobile: 'Mobile', roles: 'Roles', password: 'Initial password', locked: 'Locked',
    loginRule: '2–64 letters, digits or . _ @ -; cannot be changed later',
    searchPlaceholder: 'Search login or name', resetPassword: 'Reset password', resetPasswordTitle: 'Reset password: {{name}}',
    resetPasswordHint: 'The new password also unlocks the account and ends the user’s open sessions.', passwordReset: 'Password reset',
    unlock: 'Unlock', unlocked: 'Unlocked the account of {{name}}',
  },
  roles: {
    create: 'New role', editTitle: 'Edit role', name: 'Role', code: 'Code',
    codeRule: 'A lower-case letter, then 1–31 lower-case letters, digits or underscores; cannot be changed later',
    dataScope: 'Data scope', dataScopeHint: 'Whose customers and members the holders of this role can see',
    permissions: 'Permissions', permissionCount: 'Permissions', userCount: 'Users', confirmDelete: 'Delete the role “{{name}}”?',
  },
  dataScope: { own: 'Own records only', department: 'Own department', all: 'Everything' },
  permissionGroup: {
    user: 'Users', role: 'Roles', token: 'API tokens', audit: 'Audit', dictionary: 'Dictionaries', system: 'System',
    customer: 'Customers', purchase: 'Purchases', pii: 'Personal data', member: 'Members', notify: 'Notices', card: 'Cards',
    points: 'Points', redemption: 'Redemptions', activity: 'Activities', care: 'Care', complaint: 'Complaints', merchant: 'Merchants',
    report: 'Reports', integration: 'Integrations', job: 'Background jobs', segment: 'Segments', value: 'Customer value', webhook: 'Webhooks', sales: 'Sales', service: 'Service desk', calls: 'Calls',
  },
  tokens: {
    intro: 'For other systems (sales system, website, card readers) calling the API with the header Authorization: Bearer <token>.',
    create: 'New token', name: 'Name', nameHint: 'Name the system that uses it, e.g. “Sales system”', prefix: 'Prefix',
    role: 'Role', roleHint: 'The token holds every permission of this role', lastUsedAt: 'Last used', valid: 'Valid',
    revokedAt: 'Revoked {{at}}', revoke: 'Revoke', revoked: 'Token “{{name}}” revoked',
    confirmRevoke: 'Revoke the token “{{name}}”? Systems using it lose access at once.',
    createdTitle: 'Token created', showOnce: 'Copy it now and keep it safe: the token is shown only this once.',
  },
  dictionaries: {
    hint: 'Values in use cannot be deleted, only deactivated; inactive values are no longer offered for new records.',
    add: 'Add value', editTitle: 'Edit value', code: 'Code', codeRule: '1–32 lower-case letters, digits or underscores; cannot be changed later',
    parent: 'Parent', sort: 'Order', sortHint: 'Smaller numbers come first; leave empty to add at the end',
    activated: 'Activated', deactivated: 'Deactivated', confirmDelete: 'Delete “{{label}}”?',
  },
  audit: {
    at: 'Time', actor: 'By', action: 'Action', entity: 'Record', entityType: 'Record type', ip: 'IP address',
    dateRange: 'Dates', actionPlaceholder: 'e.g. dictionary.create', actorPlaceholder: 'Full name',
    field: 'Field', before: 'Before', after: 'After', noDetails: 'No further details', requestId: 'Request ID',
    actorKind: { token: 'API token', system: 'System', member: 'Member (portal)' },
    systemActor: {
      system: 'System', 'first start': 'First start', cli: 'Command line', 'demo-data': 'Demo data', care: 'Automatic care', 'leave rules': 'Leaving rules',
      'card lapse job': 'Sub-card lapse job', 'card upgrade rule': 'Upgrade rule', 'complaint reminders': 'Complaint reminders', 'points expiry job': 'Points expiry job',
      'points reminder job': 'Points expiry reminder job', 'purchase points job': 'Purchase points job', 'customer import job': 'Customer import job', 'points batch job': 'Points batch job',
    },
    actionSearch: 'Type an action name or code',
  },
  entityType: {
    'members': 'Member list', 'applications': 'Application list', 'cards': 'Card list', 'points-entries': 'Points entries', 'redemptions': 'Redemptions', 'activity-participants': 'Activity participants',
    'activity-costs': 'Activity costs', 'care-results': 'Care results', 'complaints': 'Complaint list', 'merchants': 'Merchant list', 'audit-log': 'Audit log', 'customers': 'Customer list',
    user: 'User', role: 'Role', apiToken: 'API token', dictionary: 'Dictionary value', ...customers.entityEn, ...membership.entityEn, ...cards.entityEn, ...points.entityEn, ...activities.entityEn, ...care.entityEn, ...jobs.entityEn, ...complaints.entityEn, ...merchants.entityEn, ...segments.entityEn, ...webhooks.entityEn, ...sales.entityEn, ...service.entityEn, ...calls.entityEn },
  auditAction: {
    export: 'List exported',
    portal: { requestCode: 'Member asked for a sign-in code', signIn: 'Member signed in to the portal', signOut: 'Member signed out of the portal', exportData: 'Member downloaded their data' },
    auth: { signIn: 'Signed in', signOut: 'Signed out', signInFailed: 'Sign-in failed', signInRefusedLocked: 'Sign-in while locked', signInRefusedInactive: 'Sign-in to a deactivated account', wrongCurrentPassword: 'Wrong current password', locked: 'Account locked' },
    user: { create: 'User created', update: 'User edited', resetPassword: 'Password reset', unlock: 'Account unlocked', changePassword: 'Own password changed' },
    role: { create: 'Role created', update: 'Role edited', delete: 'Role deleted' },
    token: { create: 'API token created', revoke: 'API token revoked' },
    dictionary: { create: 'Value added', update: 'Value edited', delete: 'Value deleted' },
    ...customers.auditEn,
    ...cards.auditEn,
    ...points.auditEn,
    ...membership.auditEn,
    ...activities.auditEn,
    ...care.auditEn,
    ...jobs.auditEn,
    ...complaints.auditEn,
    ...merchants.auditEn,
    ...segments.auditEn,
    ...webhooks.auditEn,
    ...sales.auditEn,
    ...service.auditEn,
    ...calls.auditEn,
  },
  customers: customers.en,
  membership: membership.en,
  complaints: complaints.en,
  merchants: merchants.en,
  cards: cards.en,
  points: points.en,
  activities: activities.en,
  care: care.en,
  jobs: jobs.en,
  segments: segments.en,
  webhooks: webhooks.en,
  sales: sales.en,
  service: service.en,
  calls: calls.en,
};

export default en;
