// The dictionaries SPEC names, seeded on first start (codes are stable; labels are editable).
export interface SeedItem { code: string; zh: string; en: string; parent?: string }

export const dictionaryKinds: Record<string, { zh: string; en: string; items: SeedItem[] }> = {
  application_channel: {
    zh: '申请途径', en: 'Application channels',
    items: [
      { code: 'sales_office', zh: '案场', en: 'Sales office' },
      { code: 'service_center', zh: '客服中心', en: 'Customer-service centre' },
      { code: 'magazine', zh: '会刊', en: 'Club magazine', parent: 'service_center' },
      { code: 'event', zh: '活动', en: 'Event', parent: 'service_center' },
      { code: 'exhibition', zh: '展会', en: 'Exhibition', parent: 'service_center' },
      { code: 'referral', zh: '推荐', en: 'Referral', parent: 'service_center' },
      { code: 'sp', zh: 'SP', en: 'SP (sales promotion)', parent: 'service_center' },
      { code: 'property', zh: '物业', en: 'Property management', parent: 'service_center' },
      { code: 'merchant', zh: '商家', en: 'Partner merchant', parent: 'service_center' },
      { code: 'website', zh: '外部网站', en: 'External website' },
    ],
  },
  leave_reason: {
    zh: '退会原因', en: 'Leave reasons',
    items: [
      { code: 'normal', zh: '正常退会', en: 'Normal leave' },
      { code: 'invalid_contact', zh: '联系无效', en: 'Contact invalid' },
      { code: 'expired', zh: '时间到期', en: 'Term expired' },
      { code: 'data_error', zh: '数据错误', en: 'Data error' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  card_type: {
    zh: '卡类型', en: 'Card types',
    items: [
      { code: 'normal', zh: '普通卡', en: 'Standard card' },
      { code: 'vip', zh: 'VIP卡', en: 'VIP card' },
      { code: 'discount', zh: '优惠卡', en: 'Discount card' },
      { code: 'co_brand', zh: '联名卡', en: 'Co-branded card' },
    ],
  },
  activity_type: {
    zh: '活动类型', en: 'Activity types',
    items: [
      { code: 'salon', zh: '沙龙', en: 'Salon' },
      { code: 'gathering', zh: '聚会', en: 'Gathering' },
      { code: 'onsite', zh: '现场活动', en: 'On-site event' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  care_channel: {
    zh: '关怀渠道', en: 'Care channels',
    items: [
      { code: 'sms', zh: '短信', en: 'SMS' },
      { code: 'email', zh: '电子邮件', en: 'E-mail' },
      { code: 'letter', zh: '信函', en: 'Letter' },
      { code: 'magazine', zh: '会刊', en: 'Magazine' },
      { code: 'website', zh: '网站', en: 'Website' },
    ],
  },
  complaint_channel: {
    zh: '投诉渠道', en: 'Complaint channels',
    items: [
      { code: 'written', zh: '书面', en: 'Written' },
      { code: 'phone', zh: '电话', en: 'Phone' },
      { code: 'email', zh: '邮件', en: 'E-mail' },
      { code: 'visit', zh: '来访', en: 'Visit' },
      { code: 'legal', zh: '法律形式', en: 'Legal' },
      { code: 'website', zh: '网站', en: 'Website' },
    ],
  },
  complaint_type: {
    zh: '投诉类型', en: 'Complaint types',
    items: [
      { code: 'sales_service', zh: '销售服务', en: 'Sales service' },
      { code: 'house_quality', zh: '房屋质量', en: 'House quality' },
      { code: 'property_management', zh: '物业管理', en: 'Property management' },
      { code: 'non_service', zh: '非服务', en: 'Non-service' },
    ],
  },
  id_type: {
    zh: '证件类型', en: 'ID types',
    items: [
      { code: 'resident_id', zh: '居民身份证', en: 'Resident ID card' },
      { code: 'passport', zh: '护照', en: 'Passport' },
      { code: 'hk_macao_permit', zh: '港澳居民来往内地通行证', en: 'Hong Kong/Macao permit' },
      { code: 'taiwan_permit', zh: '台湾居民来往大陆通行证', en: 'Taiwan permit' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  customer_source: {
    zh: '客户来源', en: 'Customer sources',
    items: [
      { code: 'sales_system', zh: '营销系统', en: 'Sales system' },
      { code: 'property_import', zh: '物业导入（老项目业主）', en: 'Property import (old-project owner)' },
      { code: 'manual', zh: '手工录入', en: 'Typed in' },
      { code: 'website', zh: '外部网站', en: 'External website' },
      { code: 'file_import', zh: '文件导入', en: 'File import' },
    ],
  },
  notify_channel: {
    zh: '通知方式', en: 'Notice channels',
    items: [
      { code: 'sms', zh: '短信', en: 'SMS' },
      { code: 'email', zh: '电子邮件', en: 'E-mail' },
      { code: 'letter', zh: '信函', en: 'Letter' },
      { code: 'phone', zh: '电话', en: 'Phone' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  lead_source: {
    zh: '线索来源', en: 'Lead sources',
    items: [
      { code: 'call', zh: '来电', en: 'Phone call' },
      { code: 'visit', zh: '来访', en: 'Walk-in visit' },
      { code: 'website', zh: '网站', en: 'Website' },
      { code: 'event', zh: '活动', en: 'Event' },
      { code: 'referral', zh: '老带新', en: 'Owner referral' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  sales_lost_reason: {
    zh: '输单原因', en: 'Reasons for lost sales',
    items: [
      { code: 'price', zh: '价格', en: 'Price' },
      { code: 'location', zh: '区位', en: 'Location' },
      { code: 'layout', zh: '户型', en: 'Layout' },
      { code: 'competitor', zh: '选择竞品', en: 'Chose a competitor' },
      { code: 'financing', zh: '资金或贷款', en: 'Funds or mortgage' },
      { code: 'no_need', zh: '需求取消', en: 'No longer buying' },
      { code: 'unreachable', zh: '无法联系', en: 'Unreachable' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  call_category: {
    zh: '通话类别', en: 'Call categories',
    items: [
      { code: 'inquiry', zh: '咨询', en: 'Inquiry' },
      { code: 'repair', zh: '报修', en: 'Repair request' },
      { code: 'complaint', zh: '投诉', en: 'Complaint' },
      { code: 'return_visit', zh: '回访', en: 'Return visit' },
      { code: 'sales', zh: '销售', en: 'Sales' },
      { code: 'membership', zh: '会员业务', en: 'Membership' },
      { code: 'activity', zh: '活动报名', en: 'Activity sign-up' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  ticket_type: {
    zh: '工单类型', en: 'Ticket types',
    items: [
      { code: 'inquiry', zh: '咨询', en: 'Inquiry' },
      { code: 'after_sales', zh: '售后/报修', en: 'After-sales / repair' },
      { code: 'complaint', zh: '投诉', en: 'Complaint' },
      { code: 'suggestion', zh: '建议', en: 'Suggestion' },
    ],
  },
  ticket_channel: {
    zh: '工单渠道', en: 'Ticket channels',
    items: [
      { code: 'phone', zh: '电话', en: 'Phone' },
      { code: 'walk_in', zh: '来访', en: 'Walk-in' },
      { code: 'website', zh: '网站', en: 'Website' },
      { code: 'wechat', zh: '微信', en: 'WeChat' },
      { code: 'email', zh: '邮件', en: 'E-mail' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  kb_category: {
    zh: '知识库分类', en: 'Knowledge-base categories',
    items: [
      { code: 'membership', zh: '会员权益', en: 'Membership and benefits' },
      { code: 'points', zh: '积分', en: 'Points' },
      { code: 'property', zh: '房屋与交付', en: 'Homes and handover' },
      { code: 'repair', zh: '维修与保修', en: 'Repairs and warranty' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  follow_up_method: {
    zh: '跟进方式', en: 'Follow-up methods',
    items: [
      { code: 'phone', zh: '电话', en: 'Phone' },
      { code: 'visit', zh: '到访', en: 'Visit' },
      { code: 'wechat', zh: '微信', en: 'WeChat' },
      { code: 'sms', zh: '短信', en: 'SMS' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
};
