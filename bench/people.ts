// Realistic zh-CN people for benchmarks: surnames by their real frequency (王 李 张 … ≈ 7 % each),
// given names of one or two characters from common name characters, pinyin as the customers
// module stores it ("zhang shan"), mobiles, home phones and valid resident ID numbers.
import { pinyin } from 'pinyin-pro';
import { givenSyllables, simplifiedName, surnameSyllable } from '../src/modules/customers/name-forms.ts';

/** The 100 commonest surnames, commonest first, with their share in per mille (approximate, 2020 census). */
const surnames: [string, number][] = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 45], ['杨', 31], ['黄', 22], ['赵', 20], ['吴', 19], ['周', 19],
  ['徐', 15], ['孙', 15], ['马', 13], ['朱', 12], ['胡', 11], ['郭', 11], ['何', 10], ['高', 10], ['林', 10], ['罗', 9],
  ['郑', 9], ['梁', 8], ['谢', 7], ['宋', 6], ['唐', 6], ['许', 6], ['韩', 5], ['冯', 5], ['邓', 5], ['曹', 5],
  ['彭', 5], ['肖', 4], ['田', 4], ['董', 4], ['袁', 4], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4], ['余', 4],
  ['杜', 4], ['叶', 4], ['程', 4], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3], ['任', 3], ['沈', 3], ['姚', 3],
  ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3], ['汪', 3], ['范', 3], ['金', 3], ['石', 3],
  ['廖', 3], ['贾', 2], ['夏', 2], ['韦', 2], ['付', 2], ['方', 2], ['白', 2], ['邹', 2], ['孟', 2], ['熊', 2],
  ['秦', 2], ['邱', 2], ['江', 2], ['尹', 2], ['薛', 2], ['闫', 2], ['段', 2], ['雷', 2], ['侯', 2], ['龙', 2],
  ['史', 2], ['陶', 2], ['黎', 2], ['贺', 2], ['顾', 2], ['毛', 2], ['郝', 2], ['龚', 2], ['邵', 2], ['万', 2],
  ['钱', 2], ['严', 2], ['覃', 1], ['武', 1], ['戴', 1], ['莫', 1], ['孔', 1], ['向', 1], ['汤', 1], ['常', 1],
];

const givenChars = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华文玉兰红建国志海春梅林宇浩鑫鹏晓小俊辉斌宁婷雪琳慧颖倩晶欣佳怡子轩涵梓博晨阳思雨嘉天一新立永金德成福生荣家庆云峰凤燕萍飞亮龙波宏兵瑞琴雅珊三丰凯琪蕾薇婉悦诗睿航泽昊然宸煜铭楠露晴彤璐莉蓉淑珍秋菊荷兴旭东山川江河'];

const py = (ch: string) => pinyin(ch, { toneType: 'none', type: 'array' })[0].toLowerCase();

/**
 * Arrays for SQL generation: a surname table of 1000 slots (each surname repeated by its share,
 * the rest spread over the tail) and the given-name characters, each with its pinyin and its part
 * of the name's sound keys as the app computes them (customers/name-forms.ts: a name's keys are
 * built from its characters' parts; given-name parts joined by U+001F). Every character is already
 * simplified, so a generated name is its own simplified form.
 */
export function nameTables() {
  const slots: { ch: string; py: string }[] = [];
  for (const [ch, share] of surnames) for (let i = 0; i < share; i++) slots.push({ ch, py: py(ch) });
  let i = 0;
  while (slots.length < 1000) { const [ch] = surnames[30 + (i++ % 70)]; slots.push({ ch, py: py(ch) }); }
  for (const ch of [...surnames.map(([s]) => s), ...givenChars]) {
    if (simplifiedName(ch) !== ch) throw new Error(`bench name character ${ch} is not simplified (${simplifiedName(ch)})`);
  }
  return {
    surnameChars: slots.map((s) => s.ch), surnamePinyin: slots.map((s) => s.py), surnameKey: slots.map((s) => surnameSyllable(s.ch)),
    givenChars, givenPinyin: givenChars.map(py), givenKeys: givenChars.map((ch) => givenSyllables(ch).join('\u001f')),
  };
}

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid resident ID number (GB 11643 check digit) for a region code, birth date (yyyymmdd) and sequence. */
export function residentId(region: string, birth: string, seq: number): string {
  const first = `${region}${birth}${String(seq % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(first[k]) * weights[k];
  return first + '10X98765432'[sum % 11];
}
