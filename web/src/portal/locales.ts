// The members' portal's texts (zh-CN, en): kept beside its pages, added to i18next as the 'portal' keys.
export const zhCN = {
  title: '会员自助',
  club: '客户会',
  signIn: {
    heading: '会员登录', hint: '用入会时登记的手机号接收验证码登录', mobile: '手机号', code: '验证码',
    sendCode: '获取验证码', resendIn: '{{s}} 秒后重发', submit: '登录', mobileRequired: '请输入手机号', mobileInvalid: '请输入 11 位手机号',
    codeRequired: '请输入 6 位验证码', signedIn: '登录成功，欢迎 {{name}}',
  },
  nav: { home: '首页', points: '积分', redeem: '兑换', redemptions: '我的兑换', myData: '我的数据' },
  signOut: '退出', signedOut: '已退出登录', language: '语言',
  home: {
    greeting: '{{name}}，您好', memberNo: '会员号', level: '会员等级', card: '会员卡号', mobile: '手机号', balance: '可用积分',
    nextExpiry: '最近到期', nextExpiryValue: '{{points}} 分将于 {{date}} 到期', noExpiry: '暂无即将到期的积分', noLevel: '暂无会员卡',
    expiring30: '30 天内到期 {{points}} 分', goRedeem: '去兑换', history: '积分明细',
    offers: '会员专享商家优惠', offersEmpty: '您的等级暂无可用的商家优惠', discount: '优惠 {{n}}%', until: '至 {{date}}',
    complaints: '我的投诉进度', complaintsEmpty: '没有投诉记录',
    complaintStatus: { pending: '已受理', processing: '处理中', done: '已办结' },
  },
  points: {
    heading: '积分明细', balance: '可用积分', earned: '累计获得', redeemed: '累计兑换', expired: '已过期', empty: '暂无积分记录',
    pending: '待审核', reversed: '已冲正',
    source: {
      purchase: '购房积分', activity: '活动积分', care: '关怀积分', complaint: '投诉相关', redemption: '积分兑换', expiry: '积分过期',
      card: '开卡积分', correction: '更正', merchant: '商家', other: '其他',
    },
  },
  redeem: {
    heading: '积分兑换', balance: '可用积分 {{balance}}', cost: '{{points}} 分', stock: '剩余 {{n}} 件', unlimited: '不限量',
    until: '截至 {{date}}', limit: '每人限 {{n}} 件', action: '兑换', notEnough: '积分不足', empty: '暂无可兑换的礼品',
    confirmTitle: '确认兑换', confirm: '用 {{points}} 积分兑换“{{item}}”？', ok: '确认兑换', cancel: '再想想',
    done: '已兑换“{{item}}”，扣除 {{points}} 分，剩余 {{balance}} 分', replayed: '这笔兑换已完成：“{{item}}”，剩余 {{balance}} 分',
  },
  redemptions: {
    heading: '我的兑换', empty: '还没有兑换记录', points: '{{points}} 分', cancel: '取消兑换', confirmCancel: '取消“{{item}}”的兑换？积分将退回。',
    ok: '确认取消', keep: '不取消', cancelled: '已取消“{{item}}”，退回 {{points}} 分，现有 {{balance}} 分',
    status: { pending: '待领取', delivered: '已领取', cancelled: '已取消' },
  },
  myData: {
    heading: '我的数据', intro: '依据《个人信息保护法》，您可以查阅并下载客户会保存的您的个人信息及会员记录（JSON 格式）。',
    download: '下载我的数据', downloaded: '已下载您的数据文件', holds: '我们保存的信息', person: '个人信息', cards: '会员卡 {{n}} 张',
    entries: '积分记录 {{n}} 条', redemptionsN: '兑换记录 {{n}} 条', name: '姓名', mobile: '手机号', email: '电子邮箱', address: '地址', idNumber: '证件号码',
    contact: '如需更正或删除个人信息，请联系客服中心。',
  },
  error: { load: '加载失败：{{message}}', retry: '重试' },
};

export const en: typeof zhCN = {
  title: 'Members’ portal',
  club: 'Customer club',
  signIn: {
    heading: 'Member sign-in', hint: 'Sign in with a code sent to the mobile number you joined with', mobile: 'Mobile number', code: 'Code',
    sendCode: 'Send code', resendIn: 'Resend in {{s}} s', submit: 'Sign in', mobileRequired: 'Enter your mobile number', mobileInvalid: 'Enter an 11-digit mobile number',
    codeRequired: 'Enter the 6-digit code', signedIn: 'Signed in. Welcome, {{name}}',
  },
  nav: { home: 'Home', points: 'Points', redeem: 'Redeem', redemptions: 'My rewards', myData: 'My data' },
  signOut: 'Sign out', signedOut: 'You have signed out', language: 'Language',
  home: {
    greeting: 'Hello, {{name}}', memberNo: 'Member no.', level: 'Level', card: 'Card no.', mobile: 'Mobile', balance: 'Points available',
    nextExpiry: 'Next expiry', nextExpiryValue: '{{points}} points expire on {{date}}', noExpiry: 'No points about to expire', noLevel: 'No member card yet',
    expiring30: '{{points}} points expire within 30 days', goRedeem: 'Redeem', history: 'Points history',
    offers: 'Merchant offers for members', offersEmpty: 'No merchant offers for your level right now', discount: '{{n}}% off', until: 'until {{date}}',
    complaints: 'My complaints', complaintsEmpty: 'No complaints',
    complaintStatus: { pending: 'Received', processing: 'In progress', done: 'Resolved' },
  },
  points: {
    heading: 'Points history', balance: 'Available', earned: 'Earned', redeemed: 'Redeemed', expired: 'Expired', empty: 'No points yet',
    pending: 'pending', reversed: 'reversed',
    source: {
      purchase: 'Home purchase', activity: 'Activity', care: 'Care', complaint: 'Complaint', redemption: 'Redemption', expiry: 'Expiry',
      card: 'Card points', correction: 'Correction', merchant: 'Merchant', other: 'Other',
    },
  },
  redeem: {
    heading: 'Redeem points', balance: '{{balance}} points available', cost: '{{points}} points', stock: '{{n}} left', unlimited: 'No limit',
    until: 'Until {{date}}', limit: 'At most {{n}} per member', action: 'Redeem', notEnough: 'Not enough points', empty: 'No rewards to redeem right now',
    confirmTitle: 'Confirm', confirm: 'Redeem “{{item}}” for {{points}} points?', ok: 'Redeem', cancel: 'Not now',
    done: 'Redeemed “{{item}}” for {{points}} points; {{balance}} points left', replayed: 'This redemption was already made: “{{item}}”, {{balance}} points left',
  },
  redemptions: {
    heading: 'My rewards', empty: 'No redemptions yet', points: '{{points}} points', cancel: 'Cancel', confirmCancel: 'Cancel the redemption of “{{item}}”? The points come back.',
    ok: 'Cancel it', keep: 'Keep it', cancelled: 'Cancelled “{{item}}”: {{points}} points back, {{balance}} points now',
    status: { pending: 'To collect', delivered: 'Collected', cancelled: 'Cancelled' },
  },
  myData: {
    heading: 'My data', intro: 'Under China’s Personal Information Protection Law you may see and download the personal information and membership records the club holds about you (JSON).',
    download: 'Download my data', downloaded: 'Your data file has been downloaded', holds: 'What we hold', person: 'Personal information', cards: '{{n}} member card(s)',
    entries: '{{n}} points entries', redemptionsN: '{{n}} redemptions', name: 'Name', mobile: 'Mobile', email: 'E-mail', address: 'Address', idNumber: 'ID number',
    contact: 'To correct or delete your personal information, contact the customer-service centre.',
  },
  error: { load: 'Could not load: {{message}}', retry: 'Retry' },
};
