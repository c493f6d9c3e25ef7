/**
 * Deterministic synthetic people and employer units for demos and tests.
 * Everything is derived from a seeded PRNG, so the same seed always yields
 * the same data. Generated IDs and codes have valid check characters but
 * are random: any match with a real person or organisation is accidental.
 */
import {
  USCC_ALPHABET,
  organizationCodeCheckChar,
  residentIdCheckChar,
  unifiedCreditCodeCheckChar,
} from '../../server/core/identifiers';

/** A PRNG: returns a float in [0, 1) on each call. */
export type Random = () => number;

export interface SyntheticPerson {
  name: string;
  residentId: string;
  sex: 'M' | 'F';
}

export interface SyntheticUnit {
  name: string;
  creditCode: string;
  socialInsuranceCode: string;
}

/**
 * Creates a seeded mulberry32 PRNG.
 * @param seed any number; only its low 32 bits are used
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randInt(rng: Random, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function pick<T>(rng: Random, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

function pickWeighted(rng: Random, entries: readonly (readonly [string, number])[]): string {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [value, weight] of entries) {
    r -= weight;
    if (r < 0) return value;
  }
  return pick(rng, entries)[0];
}

/** Common surnames with rough relative frequencies (per mille), plus some typical of Chongqing. */
const SURNAMES: readonly (readonly [string, number])[] = [
  '王:71 李:70 张:66 刘:54 陈:55 杨:31 黄:25 赵:23 吴:20 周:19 徐:13 孙:12 马:12 朱:11',
  '胡:11 郭:11 何:10 罗:12 高:9 林:9 郑:8 梁:8 谢:8 唐:9 宋:7 许:7 韩:7 冯:7',
  '邓:8 曹:6 彭:6 曾:6 肖:6 田:6 董:5 袁:5 蒋:5 余:5 杜:5 叶:4 程:4 魏:4',
  '吕:4 丁:4 任:5 姚:3 卢:3 谭:6 冉:3 向:3 秦:3 熊:3 廖:3 龚:2 牟:2 况:1',
  '欧阳:1',
]
  .join(' ')
  .split(' ')
  .map((entry) => {
    const [surname = '', weight = '1'] = entry.split(':');
    return [surname, Number(weight)] as const;
  });

const MALE_CHARS = [
  ...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳坤峰建国东文志成德海庆兵亮松鸿毅晨昊轩博川江晖凡洋舟韬',
];
const FEMALE_CHARS = [
  ...'芳娜敏静丽艳娟霞燕玲婷雪琳慧倩颖洁蓉红梅兰英萍琴云莉瑶欣怡悦佳涵雯璐薇月秀凤丹妍晶露诗梦雨可馨媛琪蕾',
];
const NEUTRAL_CHARS = [
  ...'春晓小玉秋金永祥新安思天一子家嘉正清光立学中世开方泽睿钰铭益宏长远和乐心君福荣桂茂锦',
];

interface District {
  code: string;
  name: string;
  streets: readonly string[];
}

/** Chongqing districts (GB/T 2260 codes) with a few of their real streets (街道). */
const DISTRICTS: readonly District[] = [
  { code: '500101', name: '万州区', streets: ['高笋塘', '太白', '牌楼', '钟鼓楼'] },
  { code: '500102', name: '涪陵区', streets: ['敦仁', '崇义', '荔枝', '江北'] },
  { code: '500103', name: '渝中区', streets: ['解放碑', '七星岗', '大坪', '化龙桥'] },
  { code: '500104', name: '大渡口区', streets: ['新山村', '跃进村', '九宫庙', '茄子溪'] },
  { code: '500105', name: '江北区', streets: ['观音桥', '华新街', '五里店', '石马河'] },
  { code: '500106', name: '沙坪坝区', streets: ['小龙坎', '渝碚路', '磁器口', '天星桥'] },
  { code: '500107', name: '九龙坡区', streets: ['杨家坪', '黄桷坪', '谢家湾', '石坪桥'] },
  { code: '500108', name: '南岸区', streets: ['南坪', '铜元局', '弹子石', '海棠溪'] },
  { code: '500109', name: '北碚区', streets: ['天生', '朝阳', '北温泉', '东阳'] },
  { code: '500112', name: '渝北区', streets: ['双龙湖', '回兴', '龙溪', '龙山'] },
  { code: '500113', name: '巴南区', streets: ['龙洲湾', '鱼洞', '李家沱', '花溪'] },
];

/** Characters used for 字号 (trade names) of companies. */
const TRADE_CHARS = [...'鑫源华宏盛泰达恒丰利通顺金瑞祥兴隆鼎佳诚信汇博创远嘉德永安誉海峰'];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function chineseName(rng: Random, sex: 'M' | 'F'): string {
  const pool = [...(sex === 'M' ? MALE_CHARS : FEMALE_CHARS), ...NEUTRAL_CHARS];
  const givenLength = rng() < 0.7 ? 2 : 1;
  let given = '';
  for (let i = 0; i < givenLength; i++) given += pick(rng, pool);
  return pickWeighted(rng, SURNAMES) + given;
}

/**
 * Generates a person with a valid 18-digit resident ID from a Chongqing
 * district, born 1950-2004; the ID's sequence digit matches `sex`.
 */
export function syntheticPerson(rng: Random): SyntheticPerson {
  const sex: 'M' | 'F' = rng() < 0.5 ? 'M' : 'F';
  const district = pick(rng, DISTRICTS);
  const year = randInt(rng, 1950, 2004);
  const month = randInt(rng, 1, 12);
  const day = randInt(rng, 1, daysInMonth(year, month));
  const sexDigit = pick(rng, sex === 'M' ? [1, 3, 5, 7, 9] : [0, 2, 4, 6, 8]);
  const first17 = [
    district.code,
    String(year),
    String(month).padStart(2, '0'),
    String(day).padStart(2, '0'),
    String(randInt(rng, 0, 99)).padStart(2, '0'),
    String(sexDigit),
  ].join('');
  return { name: chineseName(rng, sex), residentId: first17 + residentIdCheckChar(first17), sex };
}

function tradeName(rng: Random): string {
  return pick(rng, TRADE_CHARS) + pick(rng, TRADE_CHARS);
}

/** Unit name templates; `public` units are 事业单位 (USCC prefix 12), others enterprises (91). */
const UNIT_TEMPLATES: readonly { public: boolean; make: (rng: Random, d: District) => string }[] = [
  { public: false, make: (rng, d) => `重庆市${d.name}${tradeName(rng)}建筑工程有限公司` },
  { public: false, make: (rng) => `重庆${tradeName(rng)}商贸有限责任公司` },
  { public: false, make: (rng) => `重庆${tradeName(rng)}物业管理有限公司` },
  { public: false, make: (rng, d) => `重庆市${d.name}${tradeName(rng)}餐饮管理有限公司` },
  { public: false, make: (rng) => `重庆${tradeName(rng)}劳务派遣有限公司` },
  { public: true, make: (rng, d) => `重庆市${d.name}${pick(rng, d.streets)}街道社区卫生服务中心` },
  { public: true, make: (rng, d) => `${d.name}${pick(rng, d.streets)}中学` },
];

const DIGITS = [...'0123456789'];
const ALPHABET = [...USCC_ALPHABET];

/**
 * Generates an employer unit: a realistic Chongqing name, a valid USCC
 * (91 = enterprise with an "MA…" organisation code, 12 = 事业单位 with a
 * numeric one; both with valid GB 11714 and GB 32100 check characters),
 * and an 8-10 digit local 社会保险编码.
 */
export function syntheticUnit(rng: Random): SyntheticUnit {
  const district = pick(rng, DISTRICTS);
  const template = pick(rng, UNIT_TEMPLATES);
  const name = template.make(rng, district);
  let orgBody = template.public ? '4' : 'MA';
  while (orgBody.length < 8) orgBody += pick(rng, template.public ? DIGITS : ALPHABET);
  const first17 = `${template.public ? '12' : '91'}${district.code}${orgBody}${organizationCodeCheckChar(orgBody)}`;
  let socialInsuranceCode = String(randInt(rng, 1, 9));
  const siLength = randInt(rng, 8, 10);
  while (socialInsuranceCode.length < siLength) socialInsuranceCode += pick(rng, DIGITS);
  return { name, creditCode: first17 + unifiedCreditCodeCheckChar(first17), socialInsuranceCode };
}

/** Generates the name of an archive clerk (经办人), either sex. */
export function syntheticClerkName(rng: Random): string {
  return chineseName(rng, rng() < 0.5 ? 'M' : 'F');
}
