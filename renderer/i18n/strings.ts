/**
 * Every word the kiosk shows, Chinese first (shown large) and English below. Components take their text
 * from here or from the sentence builders in rules.ts, never from literals of their own.
 */
import type { CredentialKind, MaskEvidenceKind, Verdict } from '../../src/domain.js';
import type { DeviceRole, DeviceState } from '../../src/devices/status.js';
import type { DecisionNote } from '../../src/policy/decision.js';

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
  scanPrompt: bi('请出示证件或扫码', 'Please scan your ID or code'),
  measurePrompt: bi('请测温', 'Please hold your wrist to the thermometer'),
  remeasurePrompt: bi('请重新测温', 'Please measure again'),
  maskPrompt: bi('请确认佩戴口罩', 'Please confirm you wear a mask'),
  declareMask: bi('我已佩戴口罩', 'I am wearing a mask'),
  declareFailed: bi('未能确认，请再按一次', 'That did not go through, please tap again'),
  deciding: bi('请稍候…', 'One moment…'),
  scanRejected: bi('无法识别，请重新扫描', 'That code could not be read, please scan again'),
  scanBadNumber: bi('证件号码有误，请重新扫描', 'That ID number does not check out, please scan again'),
  fault: bi('系统故障，请联系工作人员', 'System fault, please see the guard'),
  step: {
    identity: bi('身份', 'Identity'),
    temperature: bi('体温', 'Temperature'),
    mask: bi('口罩', 'Mask'),
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
  note: {
    'policy-not-yet-effective': bi('防控规则尚未生效', 'The rules in force here are not yet effective'),
    'policy-expired': bi('防控规则已过期', 'The rules in force here have expired'),
  } satisfies Record<DecisionNote, Bilingual>,
  credential: {
    'resident-id': bi('居民身份证', 'resident ID card'),
    'staff-badge': bi('工作证', 'staff badge'),
    'qr-pass': bi('通行码', 'QR pass'),
    manual: bi('人工登记', 'guard registration'),
  } satisfies Record<CredentialKind, Bilingual>,
  maskEvidence: {
    'self-declared': bi('本人确认', 'your own confirmation'),
    'guard-confirmed': bi('工作人员确认', 'the guard’s confirmation'),
    'camera-detected': bi('摄像头识别', 'camera detection'),
  } satisfies Record<MaskEvidenceKind, Bilingual>,
  /** Rule parameters by name, for rules whose values were set locally rather than by the notice. */
  param: {
    thresholdC: bi('体温界限', 'the temperature limit'),
    remeasures: bi('复测次数', 'the number of re-measures'),
    plausibleC: bi('有效读数范围', 'the valid reading range'),
    accept: bi('认可方式', 'what is accepted'),
  },
  device: {
    thermometer: bi('测温仪', 'Thermometer'),
    scanner: bi('扫码器', 'Scanner'),
    relay: bi('闸门', 'Gate relay'),
  } satisfies Record<DeviceRole, Bilingual>,
  link: {
    ready: bi('正常', 'ready'),
    connecting: bi('连接中', 'connecting'),
    error: bi('故障', 'error'),
    disconnected: bi('未连接', 'disconnected'),
  } satisfies Record<DeviceState['state'], Bilingual>,
} as const;
