// Console texts of the card pages (会员卡 / 卡类型 / 换卡审批), zh-CN and en; merged into the locales under `cards`.
const zh = {
  menu: { group: '会员卡', list: '发卡与卡片', types: '卡类型', upgrades: '换卡审批' },
  cardNo: '卡号', member: '会员', memberNo: '会员号', type: '卡类型', kind: '主/子卡', status: '状态', issuedAt: '发卡时间',
  validUntil: '有效期至', endedAt: '终止时间', issuedBy: '发卡人', note: '备注', mainCard: '所属主卡', level: '等级',
  kindValue: { main: '主卡', sub: '子卡' },
  statusValue: { active: '有效', replaced: '已换卡', lost: '已挂失', cancelled: '已注销', lapsed: '已过期', ended: '已终止' },
  filters: { cardNo: '卡号（前缀）', memberId: '会员编号（ID）' },
  issue: {
    button: '发卡', title: '发卡', memberNo: '会员号', member: '会员', typeHint: '留空为最低等级主卡；子卡须先有有效主卡', cardNoHint: '可用读卡器刷卡录入',
    done: '已发卡 {{cardNo}}', basePoints: '发卡将按卡类型计入基本积分',
  },
  batch: {
    button: '批量发卡', title: '批量发卡', lines: '会员号与卡号', linesHint: '每行一位会员：会员号 卡号（空格、逗号或 Tab 分隔）。全部校验通过才会发卡。',
    badLine: '第 {{line}} 行应为“会员号 卡号”', line: '第 {{line}} 行', done: '已发卡 {{count}} 张', errors: '以下行有问题，整批未发卡：',
  },
  replace: {
    button: '换卡', title: '换卡 {{cardNo}}', newCardNo: '新卡号', newType: '新卡类型', typeHint: '留空为同类型，立即换卡；其他卡类型（升级或降级）须审批',
    done: '已换为新卡 {{cardNo}}', endsSubs: '换卡后该主卡下的子卡立即终止。',
    requested: '已提交换卡申请 #{{id}}（{{type}}），待审批；审批前卡片、等级和积分不变。',
    changeHint: '更换为其他卡类型需要审批：现在只提交申请，原卡继续有效。',
  },
  loss: {
    button: '挂失', title: '挂失 {{cardNo}}', mainHint: '主卡挂失即换新卡号，旧卡号立即停用。', subHint: '子卡挂失即注销。',
    confirmSub: '确定注销子卡 {{cardNo}}？', done: '已挂失',
  },
  history: { button: '历史', title: '卡片 {{cardNo}} 的历史', at: '时间', event: '事件', change: '状态变化', actor: '操作人', related: '关联卡' },
  event: { issued: '发卡', replaced: '换卡', lost: '挂失', cancelled: '注销', lapsed: '到期失效', ended: '随主卡终止', upgraded: '升级换卡', downgraded: '降级换卡' },
  types: {
    add: '配置卡类型', edit: '编辑卡类型', code: '字典值', codeHint: '卡类型名称在数据字典“卡类型”中维护', rank: '等级顺序', rankHint: '主卡：1 为最低等级',
    basePoints: '基本积分', upgradeThreshold: '升级积分', upgradeHint: '主卡：积分达到此数时自动提出升级申请', validityMonths: '有效期（月）',
    coBrandMerchant: '联名商家', active: '启用', noCode: '数据字典中没有尚未配置的卡类型',
  },
  upgrades: {
    status: { pending: '待审批', approved: '已批准', rejected: '已驳回' }, all: '全部', fromCard: '原卡', toType: '变更为', balance: '当时积分',
    proposedAt: '提出时间', decidedBy: '审批人', approve: '批准', reject: '驳回', approveTitle: '批准换卡：{{member}}', newCardNo: '新卡号',
    approveHint: '批准后发放新主卡（新卡号），原卡及其子卡终止，计入新卡类型的基本积分。', rejectTitle: '驳回换卡申请', reason: '原因', approved: '已批准并发放新卡', rejected: '已驳回',
    direction: { upgrade: '升级', downgrade: '降级' }, origin: '来源', byRule: '积分达到升级积分', requestedBy: '{{name}} 申请', newCardNoHint: '留空则使用申请时填写的卡号 {{cardNo}}',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const en: Widen<typeof zh> = {
  menu: { group: 'Cards', list: 'Issue and cards', types: 'Card types', upgrades: 'Card change approvals' },
  cardNo: 'Card no.', member: 'Member', memberNo: 'Member no.', type: 'Card type', kind: 'Main/sub', status: 'Status', issuedAt: 'Issued',
  validUntil: 'Valid until', endedAt: 'Ended', issuedBy: 'Issued by', note: 'Note', mainCard: 'Main card', level: 'Level',
  kindValue: { main: 'Main', sub: 'Sub' },
  statusValue: { active: 'Active', replaced: 'Replaced', lost: 'Lost', cancelled: 'Cancelled', lapsed: 'Lapsed', ended: 'Ended' },
  filters: { cardNo: 'Card no. (prefix)', memberId: 'Member ID' },
  issue: {
    button: 'Issue card', title: 'Issue a card', memberNo: 'Member no.', member: 'Member', typeHint: 'Empty: the lowest main level; a sub card needs an active main card',
    cardNoHint: 'A card reader may swipe it in', done: 'Card {{cardNo}} issued', basePoints: 'The card type\'s base points are credited',
  },
  batch: {
    button: 'Batch issue', title: 'Issue cards in batch', lines: 'Member no. and card no.', linesHint: 'One member per line: member no. and card no. (separated by a space, comma or tab). Cards are issued only if every line is valid.',
    badLine: 'Line {{line}} should be "member no. card no."', line: 'Line {{line}}', done: '{{count}} cards issued', errors: 'These lines have problems; nothing was issued:',
  },
  replace: {
    button: 'Replace', title: 'Replace {{cardNo}}', newCardNo: 'New card no.', newType: 'New card type', typeHint: 'Empty: the same type, replaced at once; another type (upgrade or downgrade) needs approval',
    done: 'Replaced by {{cardNo}}', endsSubs: 'The sub cards of this main card end at once.',
    requested: 'Card change request #{{id}} ({{type}}) submitted for approval; the card, level and points stay as they are until it is approved.',
    changeHint: 'Another card type needs approval: this only submits a request, the current card stays active.',
  },
  loss: {
    button: 'Report lost', title: 'Report {{cardNo}} lost', mainHint: 'A lost main card is replaced by a new number; the old number is blocked at once.', subHint: 'A lost sub card is cancelled.',
    confirmSub: 'Cancel sub card {{cardNo}}?', done: 'Reported lost',
  },
  history: { button: 'History', title: 'History of card {{cardNo}}', at: 'Time', event: 'Event', change: 'Status', actor: 'By', related: 'Other card' },
  event: { issued: 'Issued', replaced: 'Replaced', lost: 'Reported lost', cancelled: 'Cancelled', lapsed: 'Lapsed', ended: 'Ended with its main card', upgraded: 'Upgraded', downgraded: 'Downgraded' },
  types: {
    add: 'Configure a card type', edit: 'Edit card type', code: 'Dictionary value', codeHint: 'Card type names are kept in the dictionary "Card types"', rank: 'Rank', rankHint: 'Main types: 1 is the lowest level',
    basePoints: 'Base points', upgradeThreshold: 'Upgrade threshold', upgradeHint: 'Main types: reaching these points proposes an upgrade', validityMonths: 'Validity (months)',
    coBrandMerchant: 'Co-brand merchant', active: 'Active', noCode: 'Every card type of the dictionary is configured',
  },
  upgrades: {
    status: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' }, all: 'All', fromCard: 'Card', toType: 'Change to', balance: 'Points then',
    proposedAt: 'Proposed', decidedBy: 'Decided by', approve: 'Approve', reject: 'Reject', approveTitle: 'Approve the card change of {{member}}', newCardNo: 'New card no.',
    approveHint: 'Approval issues a new main card (new number); the old card and its sub cards end and the new type\'s base points are credited.', rejectTitle: 'Reject the card change', reason: 'Reason', approved: 'Approved; new card issued', rejected: 'Rejected',
    direction: { upgrade: 'Upgrade', downgrade: 'Downgrade' }, origin: 'Raised by', byRule: 'Points reached the threshold', requestedBy: 'Requested by {{name}}', newCardNoHint: 'Empty: the number given with the request, {{cardNo}}',
  },
};

const auditZh = {
  card: {
    issue: '发卡', issueBatch: '批量发卡', replace: '换卡', loss: '挂失', upgrade: '升级换卡', lapse: '子卡到期失效',
    upgradeProposed: '提出升级申请', upgradeApprove: '批准换卡申请', upgradeReject: '驳回换卡申请', changeRequest: '提交换卡申请', downgrade: '降级换卡',
  },
  cardType: { create: '配置卡类型', update: '修改卡类型' },
};
const auditEn: Widen<typeof auditZh> = {
  card: {
    issue: 'Card issued', issueBatch: 'Cards issued in batch', replace: 'Card replaced', loss: 'Card reported lost', upgrade: 'Upgraded to a new card', lapse: 'Sub cards lapsed',
    upgradeProposed: 'Upgrade proposed', upgradeApprove: 'Card change approved', upgradeReject: 'Card change rejected', changeRequest: 'Card change requested', downgrade: 'Downgraded to a new card',
  },
  cardType: { create: 'Card type configured', update: 'Card type edited' },
};
const entityZh = { card: '会员卡', cardType: '卡类型', cardUpgrade: '换卡申请' };
const entityEn: typeof entityZh = { card: 'Card', cardType: 'Card type', cardUpgrade: 'Card change request' };

export default { zh, en, auditZh, auditEn, entityZh, entityEn };
