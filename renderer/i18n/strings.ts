/**
 * Every word the kiosk shows, Chinese first (shown large) and English below. Components take their text
 * from here or from the sentence builders in rules.ts, never from literals of their own.
 */
import type { CredentialKind, Direction, HealthCodeColour, MaskEvidenceKind, RegistrationField, Verdict, VisitorCategory } from '../../src/domain.js';
import type { DeviceRole, DeviceState } from '../../src/devices/status.js';
import type { DecisionNote } from '../../src/policy/decision.js';
import type { RuleEffect, RuleKind } from '../../src/policy/schema.js';
import type { RiskLevel } from '../../src/registers.js';
import type { BundleKind } from '../../src/bundles/kinds.js';

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export const bi = (zh: string, en: string): Bilingual => ({ zh, en });

export const strings = {
  connecting: bi('正在连接闸机…', 'Connecting to the gate…'),
  noLane: bi('未找到本通道，请联系工作人员', 'This lane is not configured, please see the guard'),
  rulesHeading: bi('本通道防控要求', 'Rules at this gate'),
  noRules: bi('本通道未配置防控要求', 'No rules are configured for this lane'),
  /** Over the mandatory checks a later notice lifted. */
  waivedHeading: bi('已由后续通知解除', 'Lifted by a later notice'),
  /** After a quote that is not the notice as issued. */
  translationMark: bi('译文', 'translation'),
  ruleKind: {
    identity: bi('身份核验', 'identity check'),
    temperature: bi('体温检测', 'temperature check'),
    mask: bi('佩戴口罩', 'wearing a mask'),
    'health-code': bi('健康码查验', 'health code check'),
    'high-risk-travel': bi('行程查验', 'travel check'),
    residency: bi('居民核验', 'residency check'),
    'quarantine-list': bi('居家隔离核验', 'home quarantine check'),
    'exit-quota': bi('外出限制', 'exit limit'),
    hours: bi('开放时间', 'opening hours'),
    registration: bi('信息登记', 'recording of information'),
  } satisfies Record<RuleKind, Bilingual>,
  scanPrompt: bi('请出示证件或扫码', 'Please scan your ID or code'),
  /** A code or a reading is in, but nobody is identified yet: the code waits for its holder's ID. */
  scanIdPrompt: bi('请出示身份证件', 'Now show your ID'),
  measurePrompt: bi('请测温', 'Please hold your wrist to the thermometer'),
  remeasurePrompt: bi('请重新测温', 'Please measure again'),
  maskPrompt: bi('请确认佩戴口罩', 'Please confirm you wear a mask'),
  healthCodePrompt: bi('请出示健康码', 'Please show your health code'),
  travelPrompt: bi('请出示行程码', 'Please show your travel code'),
  declareMask: bi('我已佩戴口罩', 'I am wearing a mask'),
  declareFailed: bi('未能确认，请再按一次', 'That did not go through, please tap again'),
  deciding: bi('请稍候…', 'One moment…'),
  clockWarning: bi('系统时间未校准，部分规则将转人工', "The gate's clock is not verified; some rules will be referred to the guard"),
  clockUntrusted: bi('系统时间未校准', "The gate's clock is not verified"),
  registerWithGuard: bi('请到岗亭登记', 'Please register with the guard'),
  clockNote: bi('本次判定时系统时间未校准', "Decided while the gate's clock was not verified"),
  clockReason: bi('原因', 'Reason'),
  /** `clock.reason` codes the core sends while the clock is untrusted. */
  clockReasons: {
    'jump-backwards': bi('系统时间被回拨', 'the clock jumped backwards'),
    'jump-forwards': bi('系统时间突然跳前', 'the clock jumped forwards'),
    'never-synced': bi('从未校时', 'it has never been synchronised'),
    'before-release': bi('系统时间早于软件发布日期（时钟电池可能耗尽）', 'it is set before this software was released (a flat clock battery?)'),
    'behind-journal': bi('系统时间早于已记录的数据', 'it reads earlier than records already kept'),
    'untrusted-at-restart': bi('重启前时间未校准，尚未重新校时', 'it was not verified before the restart and has not been synchronised since'),
  },
  /** What the lane says about a scan it could not use (`lane.notice.code`); `notRecognised` for any other code. */
  notice: {
    'scan.unrecognised': bi('无法识别，请重新扫描', 'That code could not be read, please scan again'),
    'scan.empty': bi('无法识别，请重新扫描', 'That code could not be read, please scan again'),
    'scan.too-long': bi('无法识别，请重新扫描', 'That code could not be read, please scan again'),
    'scan.control-chars': bi('无法识别，请重新扫描', 'That code could not be read, please scan again'),
    'scan.bad-check-digit': bi('证件号码有误，请重新扫描', 'That ID number does not check out, please scan again'),
    'credential.expired': bi('二维码已过期', 'This code has expired'),
    'credential.unknown-issuer': bi('二维码来源无法识别', 'This code is from an unknown issuer'),
    'credential.bad-signature': bi('二维码无效', 'This code is not valid'),
    'credential.not-yet-valid': bi('二维码尚未生效', 'This code is not valid yet'),
    'credential.too-old': bi('二维码生成时间过早', 'This code was made too long ago'),
    'credential.issued-in-future': bi('二维码时间有误', 'This code is dated in the future'),
    'credential.malformed': bi('二维码不完整或已损坏', 'This code is incomplete or damaged'),
    'mrz.check-digit': bi('证件机读码校验有误', "The document's machine-readable lines do not check out"),
    'mask.no-identity': bi('请先出示证件', 'Please show your ID first'),
    'mrz.format': bi('无法识别证件机读码', "The document's machine-readable lines could not be read"),
  },
  /** The second line of a notice: what to do about it. */
  noticeHint: {
    'credential.expired': bi('请刷新后重新扫描', 'Refresh it and scan again'),
    'credential.too-old': bi('请刷新后重新扫描', 'Refresh it and scan again'),
    'credential.unknown-issuer': bi('请联系工作人员', 'Please see the guard'),
    'credential.bad-signature': bi('请联系工作人员', 'Please see the guard'),
    'credential.not-yet-valid': bi('请联系工作人员', 'Please see the guard'),
    'credential.issued-in-future': bi('请联系工作人员', 'Please see the guard'),
    'credential.malformed': bi('请重新扫描', 'Please scan again'),
    'mrz.check-digit': bi('请重新扫描', 'Please scan again'),
    'mrz.format': bi('请重新扫描', 'Please scan again'),
  },
  notRecognised: bi('无法识别', 'Not recognised'),
  notRecognisedHint: bi('请重新扫描或联系工作人员', 'Scan again or see the guard'),
  fault: bi('系统故障，请联系工作人员', 'System fault, please see the guard'),
  outOfService: bi('暂停服务，请联系工作人员', 'Out of service — please see the guard'),
  /** Why the gate is out of service (`service.code`); an unknown code is shown as it is. */
  serviceReason: {
    starting: bi('闸机正在启动', 'the gate is starting'),
    'bridge.lost': bi('本屏幕与闸机失去连接', 'this screen has lost its connection to the gate'),
    'journal.full': bi('存储空间已满，无法记录', "the gate's storage is full: nothing can be recorded"),
    'journal.io': bi('存储读写故障，无法记录', "the gate's storage failed: nothing can be recorded"),
    'journal.readonly': bi('存储只读，无法记录', "the gate's storage is read-only: nothing can be recorded"),
    'journal.corrupt': bi('记录文件已损坏', 'the record file is damaged'),
    'journal.cant-open': bi('无法打开记录文件', 'the record file cannot be opened'),
    'journal.no-wal': bi('存储不支持所需的写入方式', "the gate's storage does not support the journal"),
    'journal.too-new': bi('记录文件来自更新的版本', 'the record file was written by a newer version'),
  } as Readonly<Record<string, Bilingual>>,
  /** The full-screen fire alarm: every exit is free, leave calmly. */
  fireAlarm: bi('火警！闸门已全部打开，请有序撤离', 'Fire alarm! All gates are open — leave calmly'),
  fireAlarmDetail: bi('无需扫码或测温', 'No scan or temperature check is needed'),
  /** The lane alarm banner, by kind. */
  laneAlarm: {
    'door-held-open': bi('门未关闭，请通知工作人员', 'The door is held open — please tell the guard'),
    tamper: bi('设备外壳被打开，请通知工作人员', 'The kiosk has been opened — please tell the guard'),
  },
  /** What comes down from the district platform, one bundle per kind (docs/bundles.md). */
  bundleKind: {
    policy: bi('防控规则', 'The policy'),
    residents: bi('居民名单', 'The residents register'),
    quarantine: bi('居家隔离名单', 'The quarantine list'),
    'risk-areas': bi('风险地区名单', 'The risk-area list'),
    'issuer-keys': bi('码签发密钥', 'The issuer key list'),
    notices: bi('通知目录', 'The notice catalogue'),
    'district-key': bi('辖区密钥', 'The district key'),
  } satisfies Record<BundleKind, Bilingual>,
  /** What the checks that read a stale bundle do (the policy's `onStale`). */
  staleEffect: {
    refer: bi('相关查验转人工', 'checks that use it go to the guard'),
    deny: bi('相关查验将不予通行', 'checks that use it are refused'),
  } satisfies Record<RuleEffect, Bilingual>,
  bundleNeverReceived: bi('尚未收到', 'has never been received'),
  bundleAgesHeading: bi('数据更新', 'Data age'),
  storageLow: bi('存储空间不足，请通知工作人员', 'Storage is running low — please tell the guard'),
  step: {
    identity: bi('身份', 'Identity'),
    temperature: bi('体温', 'Temperature'),
    mask: bi('口罩', 'Mask'),
    healthCode: bi('健康码', 'Health code'),
    travel: bi('行程码', 'Travel code'),
  },
  stepState: {
    waiting: bi('待完成', 'waiting'),
    done: bi('已完成', 'done'),
    'not-required': bi('无需', 'not required'),
  },
  verdict: {
    admit: bi('请通行', 'Please pass'),
    deny: bi('禁止通行', 'Entry refused'),
    refer: bi('请等待工作人员', 'Please wait for the guard'),
  } satisfies Record<Verdict, Bilingual>,
  /** At an exit lane a refusal is not of entry. */
  verdictAtExit: {
    admit: bi('请通行', 'Please pass'),
    deny: bi('禁止外出', 'You may not go out'),
    refer: bi('请等待工作人员', 'Please wait for the guard'),
  } satisfies Record<Verdict, Bilingual>,
  note: {
    'policy-not-yet-effective': bi('防控规则尚未生效', 'The rules in force here are not yet effective'),
    'policy-expired': bi('防控规则已过期', 'The rules in force here have expired'),
    'relay-offline': bi('闸门未连接，无法自动开门', 'The gate cannot open by itself: its relay is not connected'),
    'uplink-backlog-full': bi('待上传记录已满，暂停自动放行', 'Records waiting to go up are at their limit: the gate admits no one by itself'),
  } satisfies Record<DecisionNote, Bilingual>,
  credential: {
    'resident-id': bi('居民身份证', 'resident ID card'),
    mrz: bi('护照/通行证', 'passport/travel permit'),
    'staff-badge': bi('工作证', 'staff badge'),
    'qr-pass': bi('通行码', 'QR pass'),
    'health-code': bi('健康码', 'health code'),
    manual: bi('人工登记', 'guard registration'),
  } satisfies Record<CredentialKind, Bilingual>,
  maskEvidence: {
    'self-declared': bi('本人确认', 'your own confirmation'),
    'guard-confirmed': bi('工作人员确认', 'the guard’s confirmation'),
    'camera-detected': bi('摄像头识别', 'camera detection'),
  } satisfies Record<MaskEvidenceKind, Bilingual>,
  /** What a failed rule does, as the idle sentences say it. */
  effect: {
    deny: bi('禁止通行', 'refused'),
    refer: bi('请等待工作人员', 'see the guard'),
  } satisfies Record<RuleEffect, Bilingual>,
  /** A health-code colour's outcome (`pass` | `refer` | `deny`). */
  colourOutcome: {
    pass: bi('通行', 'passes'),
    refer: bi('请等待工作人员', 'see the guard'),
    deny: bi('禁止通行', 'refused'),
  },
  colour: {
    green: bi('绿码', 'green'),
    yellow: bi('黄码', 'yellow'),
    red: bi('红码', 'red'),
  } satisfies Record<HealthCodeColour, Bilingual>,
  healthCodeVia: {
    'signed-qr': bi('健康码二维码', 'the health-code QR'),
    online: bi('联网查询', 'an online check'),
  },
  unverifiable: {
    timeout: bi('超时', 'it timed out'),
    unreachable: bi('无法连接', 'the service could not be reached'),
    refused: bi('被拒绝', 'the service refused'),
  },
  travelVia: {
    'signed-travel-code': bi('行程码', 'travel code'),
    declaration: bi('本人申报', 'your own declaration'),
  },
  riskLevel: {
    high: bi('高', 'high'),
    medium: bi('中', 'medium'),
  } satisfies Record<RiskLevel, Bilingual>,
  visitor: {
    visitor: bi('访客', 'visitors'),
    delivery: bi('快递外卖', 'deliveries'),
    medical: bi('医护人员', 'medical staff'),
    emergency: bi('应急救援', 'emergency services'),
    official: bi('公务人员', 'officials'),
    staff: bi('工作人员', 'staff'),
  } satisfies Record<VisitorCategory, Bilingual>,
  field: {
    name: bi('姓名', 'name'),
    phone: bi('电话', 'phone'),
    destination: bi('去往地址', 'destination'),
    'id-number': bi('证件号码', 'ID number'),
    purpose: bi('事由', 'purpose'),
  } satisfies Record<RegistrationField, Bilingual>,
  /** ISO weekdays, 1 (Monday) … 7. */
  weekday: {
    1: bi('周一', 'Mon'),
    2: bi('周二', 'Tue'),
    3: bi('周三', 'Wed'),
    4: bi('周四', 'Thu'),
    5: bi('周五', 'Fri'),
    6: bi('周六', 'Sat'),
    7: bi('周日', 'Sun'),
  } as Readonly<Record<number, Bilingual>>,
  /** What a time-dependent rule could not check while the clock was untrusted. */
  timeDependent: {
    'health-code': bi('健康码', 'the health code'),
    'high-risk-travel': bi('行程', 'travel history'),
    'quarantine-list': bi('居家隔离名单', 'the home-quarantine list'),
    'exit-quota': bi('外出次数', 'household exits'),
    hours: bi('开放时间', 'opening hours'),
    identity: bi('身份证有效期', 'the ID card’s expiry'),
  } satisfies Partial<Record<RuleKind, Bilingual>>,
  direction: {
    entry: bi('进入', 'come in'),
    exit: bi('外出', 'go out'),
  } satisfies Record<Direction, Bilingual>,
  /** Rule parameters by name, for rules whose values were set locally rather than by the notice. */
  param: {
    thresholdC: bi('体温界限', 'the temperature limit'),
    remeasures: bi('复测次数', 'the number of re-measures'),
    plausibleC: bi('有效读数范围', 'the valid reading range'),
    accept: bi('认可方式', 'what is accepted'),
    outcomes: bi('各色码的处理', 'what each code colour does'),
    maxAgeHours: bi('健康码时效', 'how recent the code must be'),
    onUnverifiable: bi('无法联网核验时的处理', 'what happens when the online check fails'),
    levels: bi('风险等级', 'the risk levels'),
    withinDays: bi('追溯天数', 'how many days back'),
    nonResident: bi('非居民的处理', 'what happens to non-residents'),
    exempt: bi('免于限制的人员', 'who is exempt'),
    maxExits: bi('外出次数上限', 'the number of exits'),
    perDays: bi('计数天数', 'the counting period'),
    utcOffsetMinutes: bi('时区', 'the time zone'),
    windows: bi('开放时间', 'the opening hours'),
    nonResidents: bi('非居民登记项目', 'what is recorded for non-residents'),
    residents: bi('居民登记项目', 'what is recorded for residents'),
  },
  device: {
    thermometer: bi('测温仪', 'Thermometer'),
    scanner: bi('扫码器', 'Scanner'),
    'id-card': bi('身份证阅读器', 'ID card reader'),
    mrz: bi('证件识读器', 'Passport reader'),
    badge: bi('门禁卡读卡器', 'Badge reader'),
    relay: bi('闸门', 'Gate relay'),
    inputs: bi('输入模块', 'Input module'),
  } satisfies Record<DeviceRole, Bilingual>,
  /** The idle screen's one chip for a lane whose every device is ready. */
  devicesReady: bi('设备正常', 'Devices ready'),
  link: {
    ready: bi('正常', 'ready'),
    opening: bi('连接中', 'connecting'),
    offline: bi('未接入', 'not plugged in'),
    error: bi('故障', 'error'),
    disconnected: bi('未连接', 'disconnected'),
  } satisfies Record<DeviceState['state'], Bilingual>,
} as const;
