// Messages of the database's keepers: the data folder lock, the secret key check, backup and restore.
import { registerMessages } from '../i18n/index.ts';

registerMessages({
  'dataDir.locked': {
    'zh-CN': '数据文件夹 {dir} 正被另一个 ClubCRM 进程使用（进程号 {pid}，命令：{command}，主机 {host}，自 {since} 起）。请先停止该进程再试；如果确定它已不在运行，删除 {file} 后重试。',
    en: 'The data folder {dir} is in use by another ClubCRM process (pid {pid}, command: {command}, host {host}, since {since}). Stop that process and try again; if you are sure it no longer runs, delete {file} and try again.',
  },
  'secretKey.mismatch': {
    'zh-CN': '密钥不符：这个数据库是用另一个密钥建立的（库中有 {count} 个用那个密钥加密的值）。用错误的密钥运行会使证件号码无法查看、按证件号查重失效，所以 ClubCRM 不启动。请使用建立这个数据库时的密钥（当前密钥来自 {source}）。',
    en: 'Wrong secret key: this database was set up with another key ({count} values encrypted under it). With a wrong key ID numbers could not be revealed and duplicate screening by ID number would stop, so ClubCRM does not start. Use the key this database was set up with (the key in use comes from {source}).',
  },
  'restore.keyMismatch': {
    'zh-CN': '不能恢复 {file}：备份中的数据是用另一个密钥加密的（其中有证件号码等加密值），在当前密钥（来自 {source}）下将无法读取。请用写入这份备份的安装的密钥运行恢复（设置 CLUBCRM_SECRET_KEY）。没有做任何改动。',
    en: 'Cannot restore {file}: its data was encrypted with another secret key (it holds encrypted values such as ID numbers), which the key in use (from {source}) cannot read. Run the restore with the key of the installation that wrote the backup (set CLUBCRM_SECRET_KEY). Nothing was changed.',
  },
  'restore.confirm': {
    'zh-CN': '恢复将用备份 {file}（{createdAt} 写入）替换 {target} 中的全部数据：{counts}。\n所有用户账号和密码都将变为备份中的（包括管理员密码），所有已登录的会话将失效。\n恢复前会先把现有数据自动备份到 {backups} 文件夹。确认后加 --yes 再运行。本次没有做任何改动。',
    en: 'The restore would replace every record of {target} with the backup {file} (written {createdAt}): {counts}.\nEvery user account and password becomes the backup\'s (the administrator\'s too), and every signed-in session ends.\nThe data it replaces is first backed up into the folder {backups}. Run again with --yes to go ahead. Nothing was changed.',
  },
  'restore.target.pglite': { 'zh-CN': '嵌入式数据库 {dir}', en: 'the embedded database in {dir}' },
  'restore.target.postgres': { 'zh-CN': 'PostgreSQL 数据库 {name}', en: 'the PostgreSQL database {name}' },
  'restore.empty': { 'zh-CN': '目前没有数据', en: 'it holds no data yet' },
  'restore.count.users': { 'zh-CN': '用户 {n}', en: 'users: {n}' },
  'restore.count.customers': { 'zh-CN': '客户 {n}', en: 'customers: {n}' },
  'restore.count.members': { 'zh-CN': '会员 {n}', en: 'members: {n}' },
  'restore.count.points_entries': { 'zh-CN': '积分流水 {n}', en: 'points entries: {n}' },
  'restore.count.audit_log': { 'zh-CN': '审计记录 {n}', en: 'audit records: {n}' },
  'restore.serversRunning': {
    'zh-CN': '不能恢复：有 ClubCRM 服务器正连接着这个数据库（{n} 个连接，来自 {clients}，最早自 {since} 起）。请先停止所有 ClubCRM 服务器（包括其他机器上的）再恢复。没有做任何改动。',
    en: 'Cannot restore: ClubCRM servers are connected to this database ({n} connections, from {clients}, the first since {since}). Stop every ClubCRM server (on other machines too) and restore again. Nothing was changed.',
  },
  'restore.autoBackup': { 'zh-CN': '已先把被替换的数据备份到 {file}', en: 'the data it replaces was first backed up to {file}' },
});
