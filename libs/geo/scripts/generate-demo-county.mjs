#!/usr/bin/env node
// Generates the fictional demo county 澄溪县 (Chengxi County) into libs/geo/src/demo-county/:
// boundary.geo.json, roads.geo.json, facilities.ts, vehicles.ts, places.ts, ring-areas.geo.json.
// The output is committed; edit the tables here and re-run:
//   node libs/geo/scripts/generate-demo-county.mjs
// Deterministic (seeded), so a re-run without edits changes nothing.
//
// Everything is laid out on a local plane in kilometres, x east and y north of the county seat
// 澄溪镇, then converted to WGS-84. Roads wind by midpoint displacement between hand-placed
// waypoints; roads join only where they share a vertex, which the `snap` waypoints guarantee.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '../src/demo-county');
const SEAT_LATLON = { lat: 30.059, lon: 118.561 };
const COUNTY_CENTRE_LATLON = { lat: 30.05, lon: 118.55 };
const KM_PER_DEG_LAT = (2 * Math.PI * 6371.0088) / 360;
const KM_PER_DEG_LON = KM_PER_DEG_LAT * Math.cos((SEAT_LATLON.lat * Math.PI) / 180);

// --- helpers -------------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = mulberry32(20241122);
const round6 = (v) => Math.round(v * 1e6) / 1e6;
const toLonLat = ([x, y]) => [round6(SEAT_LATLON.lon + x / KM_PER_DEG_LON), round6(SEAT_LATLON.lat + y / KM_PER_DEG_LAT)];
const toLatLon = (p) => {
  const [lon, lat] = toLonLat(p);
  return { lat, lon };
};
const fromLatLon = ({ lat, lon }) => [(lon - SEAT_LATLON.lon) * KM_PER_DEG_LON, (lat - SEAT_LATLON.lat) * KM_PER_DEG_LAT];
const dist = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const add = (a, [dx, dy]) => [a[0] + dx, a[1] + dy];
const polar = (r, theta) => [r * Math.cos(theta), r * Math.sin(theta)];

/** Midpoint displacement: a winding line from a to b; a and b stay exact (shared vertices). */
function wind(a, b, roughness, minSegKm = 0.35) {
  const len = dist(a, b);
  if (len <= minSegKm) return [a, b];
  const nx = -(b[1] - a[1]) / len;
  const ny = (b[0] - a[0]) / len;
  const offset = (rng() * 2 - 1) * roughness * len;
  const mid = [(a[0] + b[0]) / 2 + nx * offset, (a[1] + b[1]) / 2 + ny * offset];
  return [...wind(a, mid, roughness, minSegKm), ...wind(mid, b, roughness, minSegKm).slice(1)];
}

function pointInPolygon(p, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// --- the county boundary: an irregular ~60 × 50 km outline following ridges and rivers ------

const countyCentre = fromLatLon(COUNTY_CENTRE_LATLON);
const boundaryCorners = [];
const CORNERS = 44;
for (let i = 0; i < CORNERS; i++) {
  const theta = (2 * Math.PI * i) / CORNERS;
  const factor = 1 + 0.045 * Math.sin(3 * theta + 1) + 0.03 * Math.sin(7 * theta + 2) + 0.02 * (rng() * 2 - 1);
  boundaryCorners.push(add(countyCentre, [30 * factor * Math.cos(theta), 25 * factor * Math.sin(theta)]));
}
const boundaryRing = [];
for (let i = 0; i < CORNERS; i++) {
  const segment = wind(boundaryCorners[i], boundaryCorners[(i + 1) % CORNERS], 0.12, 0.6);
  boundaryRing.push(...segment.slice(0, -1));
}
boundaryRing.push(boundaryRing[0]);
/** Inside the county with `marginKm` to spare (checked on a ring of probe points). */
function isWellInside(p, marginKm = 1.5) {
  if (!pointInPolygon(p, boundaryRing)) return false;
  for (let k = 0; k < 12; k++) {
    if (!pointInPolygon(add(p, polar(marginKm, (k * Math.PI) / 6)), boundaryRing)) return false;
  }
  return true;
}

// --- towns: the county seat and 20 township seats (km from the seat) ------------------------

const SEAT = [0, 0];
// [slug, name, nameEn, x, y, main street, has CT (central health centre)]
const TOWNSHIP_TABLE = [
  ['shangxi', '上溪镇', 'Shangxi', 0.5, -9, '溪东路', false],
  ['tongling', '桐岭镇', 'Tongling', -10, 0.5, '桐岭街', false],
  ['jintang', '金塘镇', 'Jintang', 12, -1, '金塘大道', false],
  ['linxi', '临溪镇', 'Linxi', -8, 10, '临溪路', false],
  ['baishan', '柏山镇', 'Baishan', 2, 14, '柏山街', false],
  ['meilin', '梅林镇', 'Meilin', 14, 9, '梅林路', false],
  ['chayuan', '茶园乡', 'Chayuan', 15, -12, '茶园街', false],
  ['qingkeng', '青坑乡', 'Qingkeng', -12, -14, '青坑路', false],
  ['baisha', '白沙镇', 'Baisha', 8, -18, '白沙中路', true],
  ['zhuxi', '竹溪乡', 'Zhuxi', -2, -20, '竹溪街', false],
  ['yangcun', '杨村乡', 'Yangcun', -20, 3, '杨村街', false],
  ['gaoqiao', '高桥镇', 'Gaoqiao', 20, 12, '高桥路', false],
  ['yunling', '云岭镇', 'Yunling', -6, 21, '云岭中路', true],
  ['shimen', '石门乡', 'Shimen', 7, 18.5, '石门街', false],
  ['jiuli', '九里乡', 'Jiuli', -17, 14, '九里街', false],
  ['longtan', '龙潭镇', 'Longtan', 24, 2, '龙潭路', false],
  ['fengping', '枫坪乡', 'Fengping', -22, -12, '枫坪街', false],
  ['xinan', '新安镇', "Xin'an", -23, 10, '新安路', false],
  ['yanqian', '岩前镇', 'Yanqian', 25, -6, '岩前街', false],
  ['wangjia', '汪家乡', 'Wangjia', -26.5, -3, '汪家街', false],
];
const TOWNSHIPS = TOWNSHIP_TABLE.map(([slug, name, nameEn, x, y, street, hasCt]) => ({
  slug,
  name,
  nameEn,
  short: name.slice(0, -1),
  at: [x, y],
  street,
  hasCt,
}));
const T = Object.fromEntries(TOWNSHIPS.map((t) => [t.slug, t.at]));
for (const t of TOWNSHIPS) {
  if (!isWellInside(t.at, 2)) throw new Error(`township ${t.slug} is too close to the county boundary`);
}

// --- roads ---------------------------------------------------------------------------------

const ROUGHNESS = { expressway: 0.05, national: 0.14, provincial: 0.17, county: 0.2, township: 0.24 };
const roads = [];
/** Every vertex a later road may join, with the class of its road. */
const joinable = [];

function nearestJoinable(p, { allowExpressway = false } = {}) {
  let best;
  let bestD = Infinity;
  for (const v of joinable) {
    if (!allowExpressway && v.roadClass === 'expressway') continue;
    const d = dist(v.at, p);
    if (d < bestD) {
      best = v.at;
      bestD = d;
    }
  }
  return { at: best, distanceKm: bestD };
}

/**
 * waypoints: [x, y] (kept exactly), a shared point array (a town), or { snap: [x, y] } which
 * becomes the nearest vertex of an earlier road, so the two roads meet there.
 */
function addRoad({ name, ref, roadClass, waypoints, roughness = ROUGHNESS[roadClass] }) {
  const points = waypoints.map((w) => {
    if (!('snap' in w)) return w;
    const { at, distanceKm } = nearestJoinable(w.snap);
    if (distanceKm > 1.5) throw new Error(`${name}: nothing to join within 1.5 km of ${w.snap}`);
    return at;
  });
  const line = [points[0]];
  for (let i = 1; i < points.length; i++) line.push(...wind(points[i - 1], points[i], roughness).slice(1));
  roads.push({ name, ref, roadClass, line });
  for (const at of line) joinable.push({ at, roadClass });
  return line;
}

// Trunks through the county seat.
addRoad({
  name: '205国道',
  ref: 'G205',
  roadClass: 'national',
  waypoints: [[-33, -4.5], T.wangjia, [-24, 0.5], T.yangcun, [-15, 1.8], T.tongling, [-5, -0.6], SEAT, [5, -1.4], T.jintang, [18, 1.2], T.longtan, [31, 3.5]],
});
addRoad({
  name: '217省道',
  ref: 'S217',
  roadClass: 'provincial',
  waypoints: [[-7.5, 27.5], T.yunling, [-2, 17.5], T.baishan, [1.2, 7], SEAT, [0.9, -4.5], T.shangxi, [-1.5, -14], T.zhuxi, [-3, -26.5]],
});
addRoad({
  name: '323省道',
  ref: 'S323',
  roadClass: 'provincial',
  waypoints: [SEAT, [6, 3.8], T.meilin, T.gaoqiao, [27.5, 17]],
});

// County roads (县道) between township seats.
addRoad({ name: '柏石线', ref: 'X101', roadClass: 'county', waypoints: [T.baishan, [5, 17.6], T.shimen] });
addRoad({ name: '金白线', ref: 'X102', roadClass: 'county', waypoints: [T.jintang, [14, -6], T.chayuan, [12, -16], T.baisha] });
addRoad({ name: '龙岩线', ref: 'X103', roadClass: 'county', waypoints: [T.longtan, [26.2, -2], T.yanqian] });
addRoad({ name: '上枫线', ref: 'X104', roadClass: 'county', waypoints: [T.shangxi, [-5, -11.5], T.qingkeng, [-17, -13.5], T.fengping] });
addRoad({
  name: '桐新线',
  ref: 'X105',
  roadClass: 'county',
  waypoints: [T.tongling, [-9.2, 5], T.linxi, [-12, 12.5], T.jiuli, [-20.5, 12.8], T.xinan],
});
addRoad({ name: '白竹线', ref: 'X106', roadClass: 'county', waypoints: [T.baisha, [3, -20.8], T.zhuxi] });
addRoad({ name: '梅龙线', ref: 'X107', roadClass: 'county', waypoints: [T.meilin, [19, 6], T.longtan] });
addRoad({ name: '临云线', ref: 'X108', roadClass: 'county', waypoints: [T.linxi, [-7.2, 15.5], T.yunling] });

// Township roads (乡道) closing a few loops.
addRoad({ name: '杨九线', ref: 'Y201', roadClass: 'township', waypoints: [T.yangcun, [-18.8, 8.5], T.jiuli] });
addRoad({ name: '枫汪线', ref: 'Y202', roadClass: 'township', waypoints: [T.fengping, [-25.5, -8], T.wangjia] });
addRoad({ name: '茶岩线', ref: 'Y203', roadClass: 'township', waypoints: [T.chayuan, [20.5, -9.5], T.yanqian] });
addRoad({ name: '高石线', ref: 'Y204', roadClass: 'township', waypoints: [T.gaoqiao, [14, 16.5], T.shimen] });
addRoad({ name: '杨新线', ref: 'Y205', roadClass: 'township', waypoints: [T.yangcun, [-22.5, 6.5], T.xinan] });

// County-seat streets; the hospitals and the command centre sit on them. Streets meet the
// trunks where they cross (see joinCrossings below).
const STREET = {
  tcm: [-0.9, 0.5],
  cc: [0.35, 0.42],
  lead: [1.2, 0.85],
  mch: [0.45, -0.95],
  gh2: [-1.3, -1.35],
  school: [-1.2, 1.3],
  busStation: [1.8, -0.5],
};
const STREET_ROUGHNESS = 0.03;
addRoad({
  name: '人民路',
  roadClass: 'county',
  roughness: STREET_ROUGHNESS,
  waypoints: [[-2.5, 0.55], STREET.tcm, STREET.cc, STREET.lead, [2.7, 1.05]],
});
addRoad({
  name: '健康路',
  roadClass: 'county',
  roughness: STREET_ROUGHNESS,
  waypoints: [[0.55, 1.9], STREET.cc, STREET.mch, [0.65, -2.5]],
});
addRoad({
  name: '城南路',
  roadClass: 'county',
  roughness: STREET_ROUGHNESS,
  waypoints: [[-2.7, -1.1], STREET.gh2, STREET.mch, STREET.busStation, [3.1, -0.95]],
});
addRoad({
  name: '学府路',
  roadClass: 'county',
  roughness: STREET_ROUGHNESS,
  waypoints: [[-1.5, 2.4], STREET.school, STREET.tcm, STREET.gh2, [-1.5, -2.3]],
});

// The expressway crosses the county SW → NE without touching other roads except at its
// three interchanges (互通), each with a link road to the network.
const IC = { tongling: [-8, -5.6], chengxi: [3, -3.6], jintang: [12.5, 3.2] };
const expressway = addRoad({
  name: '澄溪高速',
  ref: 'S26',
  roadClass: 'expressway',
  waypoints: [[-33, -14.8], [-18, -8.6], IC.tongling, IC.chengxi, IC.jintang, [22, 8.2], [33.5, 12.5]],
});
if (![IC.tongling, IC.chengxi, IC.jintang].every((ic) => expressway.includes(ic))) throw new Error('interchange lost');
addRoad({ name: '桐岭互通连接线', roadClass: 'county', waypoints: [IC.tongling, [-9.4, -2.6], T.tongling] });
addRoad({ name: '澄溪互通连接线', roadClass: 'county', waypoints: [IC.chengxi, { snap: [2.6, -1.3] }] });
addRoad({ name: '金塘互通连接线', roadClass: 'county', waypoints: [IC.jintang, [12.6, 1.2], T.jintang] });

// --- villages (2 per township) and landmarks, each joined by a village road if off the roads --

const VILLAGE_NAMES = [
  ['桃坞村', 'Taowu'], ['下坞村', 'Xiawu'], ['黄土岭村', 'Huangtuling'], ['洪家村', 'Hongjia'],
  ['西坑村', 'Xikeng'], ['东岸村', "Dong'an"], ['程家村', 'Chengjia'], ['岭脚村', 'Lingjiao'],
  ['方塘村', 'Fangtang'], ['茶坦村', 'Chatan'], ['里坑村', 'Likeng'], ['胡家村', 'Hujia'],
  ['樟树村', 'Zhangshu'], ['大坪村', 'Daping'], ['石岭村', 'Shiling'], ['溪口村', 'Xikou'],
  ['前山村', 'Qianshan'], ['后畈村', 'Houfan'], ['叶村', 'Yecun'], ['章家村', 'Zhangjia'],
  ['水碓村', 'Shuidui'], ['罗田村', 'Luotian'], ['朱家坞村', 'Zhujiawu'], ['板桥村', 'Banqiao'],
  ['新屋村', 'Xinwu'], ['长岭村', 'Changling'], ['潘村', 'Pancun'], ['杉木坑村', 'Shanmukeng'],
  ['小源村', 'Xiaoyuan'], ['上坦村', 'Shangtan'], ['塘坞村', 'Tangwu'], ['毛坦村', 'Maotan'],
  ['官庄村', 'Guanzhuang'], ['姚村', 'Yaocun'], ['六都村', 'Liudu'], ['凤形村', 'Fengxing'],
  ['燕窠村', 'Yanke'], ['鹿鸣村', 'Luming'], ['梓桐村', 'Zitong'], ['杨梅岭村', 'Yangmeiling'],
];
const villages = [];
const occupied = [SEAT, ...TOWNSHIPS.map((t) => t.at)];
let villageRoadNo = 301;
const JOIN_THRESHOLD_KM = 0.2;

function joinToRoads(at, name) {
  const { at: from, distanceKm } = nearestJoinable(at);
  if (distanceKm <= JOIN_THRESHOLD_KM) return;
  addRoad({ name, ref: `Y${villageRoadNo++}`, roadClass: 'township', waypoints: [from, at] });
}

TOWNSHIPS.forEach((t, i) => {
  const away = Math.atan2(t.at[1], t.at[0]);
  for (const side of [1, -1]) {
    const [name, nameEn] = VILLAGE_NAMES[villages.length];
    let at;
    for (let attempt = 0; attempt < 200 && !at; attempt++) {
      // first try away from the seat, then turn gradually towards it
      const spread = Math.min(Math.PI, 0.4 + attempt * 0.03);
      const theta = away + side * (0.35 + rng() * spread);
      const candidate = add(t.at, polar(2.2 + rng() * 2.8, theta));
      if (!isWellInside(candidate, 1.2)) continue;
      if (occupied.some((o) => dist(o, candidate) < 1.6)) continue;
      at = candidate;
    }
    if (!at) throw new Error(`no room for a village near ${t.slug}`);
    occupied.push(at);
    villages.push({ name, nameEn: `${nameEn} Village`, kind: 'village', at, township: i });
    joinToRoads(at, `${t.short}—${name}`);
  }
});

const LANDMARKS = [
  { name: '澄溪县人民政府', nameEn: 'Chengxi County Government', at: [-0.35, 0.15] },
  { name: '澄溪中学', nameEn: 'Chengxi High School', at: add(STREET.school, [0.05, 0.06]) },
  { name: '澄溪汽车站', nameEn: 'Chengxi Bus Station', at: add(STREET.busStation, [0.04, -0.07]) },
  { name: '澄溪互通', nameEn: 'Chengxi Interchange', at: IC.chengxi },
  { name: '澄溪水库', nameEn: 'Chengxi Reservoir', at: [-3.6, 6.2] },
  { name: '云岭风景区', nameEn: 'Yunling Scenic Area', at: [-3.4, 19.6] },
  { name: '澄溪经济开发区', nameEn: 'Chengxi Economic Development Zone', at: [4.2, -2.2] },
];
for (const l of LANDMARKS) joinToRoads(l.at, `${l.name}道路`);

// --- facilities ----------------------------------------------------------------------------

const SEAT_FACILITIES = [
  {
    id: 'cc',
    name: '澄溪县120急救指挥中心',
    nameEn: 'Chengxi County 120 Emergency Command Centre',
    kind: 'command_centre',
    address: '澄溪县澄溪镇人民路120号',
    at: add(STREET.cc, [0.03, 0.05]),
    capabilities: [],
  },
  {
    id: 'lead',
    name: '澄溪县人民医院',
    nameEn: "Chengxi County People's Hospital",
    kind: 'hospital',
    address: '澄溪县澄溪镇人民路88号',
    at: add(STREET.lead, [0.04, 0.06]),
    capabilities: [
      'pci_24_7', 'cath_lab', 'thrombolysis', 'thrombectomy', 'ct', 'stroke_centre',
      'chest_pain_centre', 'trauma_centre', 'obstetrics', 'nicu', 'emergency_department',
    ],
  },
  {
    id: 'tcm',
    name: '澄溪县中医院',
    nameEn: 'Chengxi County Hospital of Traditional Chinese Medicine',
    kind: 'hospital',
    address: '澄溪县澄溪镇人民路36号',
    at: add(STREET.tcm, [-0.03, 0.05]),
    capabilities: ['tcm', 'ct', 'thrombolysis', 'emergency_department'],
  },
  {
    id: 'mch',
    name: '澄溪县妇幼保健院',
    nameEn: 'Chengxi County Maternal and Child Health Hospital',
    kind: 'hospital',
    address: '澄溪县澄溪镇健康路18号',
    at: add(STREET.mch, [0.05, -0.03]),
    capabilities: ['obstetrics', 'nicu', 'emergency_department'],
  },
  {
    id: 'gh2',
    name: '澄溪县第二人民医院',
    nameEn: "Chengxi County Second People's Hospital",
    kind: 'hospital',
    address: '澄溪县澄溪镇城南路66号',
    at: add(STREET.gh2, [-0.04, -0.05]),
    capabilities: ['ct', 'thrombolysis', 'emergency_department', 'obstetrics'],
  },
];
const TOWNSHIP_FACILITIES = TOWNSHIPS.map((t, i) => ({
  id: `tc-${t.slug}`,
  name: `${t.name}${t.hasCt ? '中心' : ''}卫生院`,
  nameEn: `${t.nameEn} ${t.hasCt ? 'Central ' : ''}Township Health Centre`,
  kind: 'township_centre',
  address: `澄溪县${t.name}${t.street}${8 + ((i * 7) % 40)}号`,
  at: add(t.at, polar(0.06 + rng() * 0.05, rng() * 2 * Math.PI)),
  capabilities: t.hasCt ? ['emergency_department', 'ct'] : ['emergency_department'],
}));
const FACILITIES = [...SEAT_FACILITIES, ...TOWNSHIP_FACILITIES];

// --- vehicles ------------------------------------------------------------------------------

const FLEET_PLAN = [
  ['lead', 'lh', ['ALS', 'ALS', 'ALS', 'ALS', 'ALS', 'ALS', 'ALS', 'ALS', 'ALS', 'negative_pressure']],
  ['tcm', 'tcm', ['ALS', 'ALS', 'BLS']],
  ['mch', 'mch', ['ALS', 'neonatal', 'BLS']],
  ['gh2', 'gh2', ['ALS', 'ALS', 'BLS']],
  ...TOWNSHIPS.map((t) => [`tc-${t.slug}`, t.slug, ['BLS']]),
];
const VEHICLES = [];
for (const [stationId, prefix, types] of FLEET_PLAN) {
  types.forEach((type, i) => {
    const n = String(VEHICLES.length + 1).padStart(2, '0');
    VEHICLES.push({
      id: `${prefix}-${String(i + 1).padStart(2, '0')}`,
      callSign: `澄溪120-${n}`,
      plate: `皖P·12${n}X`,
      type,
      stationId,
    });
  });
}

// --- at-grade crossings: roads that cross (other than the expressway) meet there ---------

function segmentCrossing(p1, p2, q1, q2) {
  if (p1 === q1 || p1 === q2 || p2 === q1 || p2 === q2) return undefined;
  const r = [p2[0] - p1[0], p2[1] - p1[1]];
  const s = [q2[0] - q1[0], q2[1] - q1[1]];
  const denom = r[0] * s[1] - r[1] * s[0];
  if (Math.abs(denom) < 1e-12) return undefined;
  const qp = [q1[0] - p1[0], q1[1] - p1[1]];
  const t = (qp[0] * s[1] - qp[1] * s[0]) / denom;
  const u = (qp[0] * r[1] - qp[1] * r[0]) / denom;
  const EPS = 1e-9;
  if (t <= EPS || t >= 1 - EPS || u <= EPS || u >= 1 - EPS) return undefined;
  return { t, u, at: [p1[0] + t * r[0], p1[1] + t * r[1]] };
}

function joinCrossings() {
  const atGrade = roads.filter((r) => r.roadClass !== 'expressway');
  const inserts = new Map(atGrade.map((r) => [r, []]));
  let crossings = 0;
  for (let a = 0; a < atGrade.length; a++) {
    for (let b = a + 1; b < atGrade.length; b++) {
      const A = atGrade[a].line;
      const B = atGrade[b].line;
      for (let i = 1; i < A.length; i++) {
        for (let j = 1; j < B.length; j++) {
          const hit = segmentCrossing(A[i - 1], A[i], B[j - 1], B[j]);
          if (!hit) continue;
          inserts.get(atGrade[a]).push({ segment: i, t: hit.t, at: hit.at });
          inserts.get(atGrade[b]).push({ segment: j, t: hit.u, at: hit.at });
          crossings++;
        }
      }
    }
  }
  for (const [road, list] of inserts) {
    if (list.length === 0) continue;
    list.sort((x, y) => x.segment - y.segment || x.t - y.t);
    const line = [road.line[0]];
    let k = 0;
    for (let i = 1; i < road.line.length; i++) {
      while (k < list.length && list[k].segment === i) line.push(list[k++].at);
      line.push(road.line[i]);
    }
    road.line = line;
  }
  return crossings;
}
const crossingCount = joinCrossings();

// --- checks --------------------------------------------------------------------------------

const allVertices = roads.flatMap((r) => r.line);
for (const f of FACILITIES) {
  const d = Math.min(...allVertices.map((v) => dist(v, f.at)));
  if (d > 0.2) throw new Error(`${f.id} is ${d.toFixed(3)} km from the nearest road vertex`);
  if (!isWellInside(f.at, 1)) throw new Error(`${f.id} is outside the county`);
}

// --- output --------------------------------------------------------------------------------

const HEADER = '// Generated by libs/geo/scripts/generate-demo-county.mjs: edit the script and re-run it.\n';

function tsLiteral(value, indent = '') {
  if (Array.isArray(value)) {
    const inline = `[${value.map((v) => tsLiteral(v)).join(', ')}]`;
    if (inline.length + indent.length < 110) return inline;
    return `[\n${value.map((v) => `${indent}  ${tsLiteral(v, `${indent}  `)},`).join('\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    const key = (k) => (/^[a-zA-Z_]\w*$/.test(k) ? k : `'${k}'`);
    const inline = `{ ${entries.map(([k, v]) => `${key(k)}: ${tsLiteral(v)}`).join(', ')} }`;
    if (inline.length + indent.length < 110) return inline;
    return `{\n${entries.map(([k, v]) => `${indent}  ${key(k)}: ${tsLiteral(v, `${indent}  `)},`).join('\n')}\n${indent}}`;
  }
  if (typeof value === 'string') return value.includes("'") ? JSON.stringify(value) : `'${value}'`;
  return String(value);
}

function writeGeoJson(file, features) {
  const body = features.map((f) => JSON.stringify(f)).join(',\n');
  writeFileSync(join(OUT, file), `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);
}

writeGeoJson('boundary.geo.json', [
  {
    type: 'Feature',
    properties: { name: '澄溪县', nameEn: 'Chengxi County' },
    geometry: { type: 'Polygon', coordinates: [boundaryRing.map(toLonLat)] },
  },
]);
writeGeoJson(
  'roads.geo.json',
  roads.map((r) => ({
    type: 'Feature',
    properties: { name: r.name, roadClass: r.roadClass, ...(r.ref ? { ref: r.ref } : {}) },
    geometry: { type: 'LineString', coordinates: r.line.map(toLonLat) },
  })),
);

const facilitiesTs = FACILITIES.map(({ at, ...f }) => {
  const { lat, lon } = toLatLon(at);
  return { id: f.id, name: f.name, nameEn: f.nameEn, kind: f.kind, address: f.address, lat, lon, capabilities: f.capabilities };
});
writeFileSync(
  join(OUT, 'facilities.ts'),
  `${HEADER}import type { CountyFacility } from '../county';\n\n` +
    `// The 120 command centre, the four county-seat hospitals of the 医共体 (the county people's\n` +
    `// hospital leads it) and the 20 township health centres.\n` +
    `export const CHENGXI_FACILITIES: readonly CountyFacility[] = ${tsLiteral(facilitiesTs)};\n`,
);
writeFileSync(
  join(OUT, 'vehicles.ts'),
  `${HEADER}import type { CountyVehicle } from '../county';\n\n` +
    `// 39 ambulances: 19 at the county-seat hospitals, one at each township health centre.\n` +
    `export const CHENGXI_VEHICLES: readonly CountyVehicle[] = ${tsLiteral(VEHICLES)};\n`,
);
const places = [
  { name: '澄溪镇', nameEn: 'Chengxi Town', kind: 'town', ...toLatLon(SEAT) },
  ...TOWNSHIPS.map((t) => ({ name: t.name, nameEn: `${t.nameEn} Town`, kind: 'town', ...toLatLon(t.at) })),
  ...villages.map((v) => ({ name: v.name, nameEn: v.nameEn, kind: 'village', ...toLatLon(v.at) })),
  ...LANDMARKS.map((l) => ({ name: l.name, nameEn: l.nameEn, kind: 'landmark', ...toLatLon(l.at) })),
];
writeFileSync(
  join(OUT, 'places.ts'),
  `${HEADER}import type { CountyPlace } from '../county';\n\n` +
    `// Gazetteer: what a caller names (town, village, landmark), for typing a place into the console.\n` +
    `export const CHENGXI_PLACES: readonly CountyPlace[] = ${tsLiteral(places)};\n`,
);

// Dispatch ring areas: the built-up county seat (城区) around the command centre and the four
// county-seat hospitals gets town rings, 3 and 5 km (urban service radius ≤ 5 km, 国卫医发〔2020〕19号);
// the countryside keeps the default 5/10/20 km. Drawn by hand (no rng: the rest stays as it was).
const URBAN_OUTLINE = [
  [-3.0, 0.4], [-2.6, 1.9], [-1.4, 2.7], [0.2, 2.9], [1.9, 2.5], [3.0, 1.4],
  [3.3, -0.2], [2.6, -1.7], [1.2, -2.6], [-0.6, -2.9], [-2.2, -2.3], [-3.0, -1.0],
];
for (const f of SEAT_FACILITIES) {
  if (!pointInPolygon(f.at, URBAN_OUTLINE)) throw new Error(`${f.id} is outside the county-seat ring area`);
}
for (const t of TOWNSHIPS) {
  if (pointInPolygon(t.at, URBAN_OUTLINE)) throw new Error(`township ${t.slug} is inside the county-seat ring area`);
}
writeGeoJson('ring-areas.geo.json', [
  {
    type: 'Feature',
    properties: { id: 'chengxi-urban', name: '澄溪县城区', nameEn: 'Chengxi county seat', ringsKm: [3, 5] },
    geometry: { type: 'Polygon', coordinates: [[...URBAN_OUTLINE, URBAN_OUTLINE[0]].map(toLonLat)] },
  },
]);

const lengthKm = (line) => line.slice(1).reduce((sum, p, i) => sum + dist(line[i], p), 0);
const byClass = {};
for (const r of roads) byClass[r.roadClass] = (byClass[r.roadClass] ?? 0) + lengthKm(r.line);
console.log(
  `roads: ${roads.length} lines, ${crossingCount} at-grade crossings joined, ${allVertices.length} vertices, km by class ${JSON.stringify(
    Object.fromEntries(Object.entries(byClass).map(([k, v]) => [k, Math.round(v)])),
  )}; places: ${places.length}; facilities: ${FACILITIES.length}; vehicles: ${VEHICLES.length}`,
);
