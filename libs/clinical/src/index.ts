// Pure clinical scoring and pathway rules, no I/O (shared/reference/clinical.md). Every score
// returns the same ScoreResult; SCORE_CALCULATORS routes `POST /api/v1/scores/{kind}`;
// classifyPathway sorts a crew's assessment into green-channel pathways; translateToZh renders
// the server's English clinical sentences in Chinese for the console.
export * from './settings';
export * from './score-result';
export * from './score-inputs';
export * from './news2';
export * from './gcs';
export * from './rts';
export * from './shock-index';
export * from './qsofa';
export * from './mews';
export * from './cincinnati';
export * from './be-fast';
export * from './fast-ed';
export * from './race';
export * from './lams';
export * from './field-triage';
export * from './stroke-windows';
export * from './critical-maternal';
export * from './critical-neonatal';
export * from './pathway-assessment';
export * from './pathway';
export * from './phrasebook-zh';
export * from './score-calculators';
