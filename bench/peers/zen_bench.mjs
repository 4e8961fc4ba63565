// The same decision table on GoRules Zen, side by side with xiufu (bench/peers/README.md):
// evaluates every record × platform of `xiufu export-facts` with the eligibility decision
// exported by `xiufu export --format jdm --decision eligibility`, compares Zen's deciding rule
// id with xiufu's on every one, and times Zen per decision, sequentially (one evaluation in
// flight) and concurrently (--concurrency evaluations in flight on the binding's threads).
//
//   node zen_bench.mjs --jdm FILE.json --facts FILE.jsonl [--xiufu-timing FILE.json]
//                      [--concurrency N] [--out RESULT.json]
// Exit status: 0 when every answer agrees, 1 otherwise, 2 on usage or I/O errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ZenEngine, ZenDecisionContent } from '@gorules/zen-engine';

function args() {
  const a = { concurrency: 0 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '');
    if (argv[i + 1] === undefined) usage(`--${k} needs a value`);
    a[k.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = argv[i + 1];
  }
  if (!a.jdm || !a.facts) usage('--jdm and --facts are required');
  a.concurrency = Number(a.concurrency) || Math.max(4, 4 * availableParallelism());
  return a;
}
function usage(msg) {
  console.error(`zen_bench: ${msg}\nusage: node zen_bench.mjs --jdm F --facts F [--xiufu-timing F] [--concurrency N] [--out F]`);
  process.exit(2);
}

const opt = args();
const jdm = JSON.parse(readFileSync(opt.jdm, 'utf8'));
const table = jdm.nodes.find((n) => n.type === 'decisionTableNode');
const ruleField = table.content.outputs.find((o) => o.field.endsWith('rule_id')).field;
const [decisionName] = ruleField.split('.');
const inputs = [];
const expected = [];
for (const line of readFileSync(opt.facts, 'utf8').split('\n')) {
  if (!line) continue;
  const o = JSON.parse(line);
  expected.push(o._rule);
  delete o._rule;
  delete o._record;
  inputs.push(o);
}
const n = inputs.length;

const engine = new ZenEngine();
const decision = engine.createDecision(new ZenDecisionContent(jdm));
const ruleOf = (r) => {
  const d = r.result && r.result[decisionName];
  return d && d.rule_id !== undefined ? d.rule_id : null;
};

// Sequential: one evaluation in flight.
async function sequential(answers) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; ++i) answers[i] = ruleOf(await decision.evaluate(inputs[i]));
  return Number(process.hrtime.bigint() - t0);
}
// Concurrent: `width` evaluations in flight.
async function concurrent(answers, width) {
  let next = 0;
  const t0 = process.hrtime.bigint();
  async function lane() {
    while (next < n) {
      const i = next++;
      answers[i] = ruleOf(await decision.evaluate(inputs[i]));
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, n) }, lane));
  return Number(process.hrtime.bigint() - t0);
}
function agreement(answers) {
  let same = 0;
  const diffs = [];
  for (let i = 0; i < n; ++i) {
    if (answers[i] === expected[i]) ++same;
    else if (diffs.length < 10) diffs.push({ index: i, xiufu: expected[i], zen: answers[i], input: inputs[i] });
  }
  return { same, diffs };
}

// Warm-up (JIT, the binding's thread pool), not timed.
for (let i = 0; i < Math.min(n, 2000); ++i) await decision.evaluate(inputs[i]);

const seqAnswers = new Array(n);
const seqNs = await sequential(seqAnswers);
const conAnswers = new Array(n);
const conNs = await concurrent(conAnswers, opt.concurrency);
const seq = agreement(seqAnswers);
const con = agreement(conAnswers);

const xiufu = opt.xiufuTiming ? JSON.parse(readFileSync(opt.xiufuTiming, 'utf8')) : null;
const result = {
  decision: decisionName,
  rows: table.content.rules.length,
  inputs: table.content.inputs.length,
  decisions: n,
  agree: Math.min(seq.same, con.same),
  agreement_pct: n ? (100 * Math.min(seq.same, con.same)) / n : 100,
  zen: {
    version: JSON.parse(readFileSync(new URL('./node_modules/@gorules/zen-engine/package.json', import.meta.url))).version,
    node: process.version,
    sequential_us_per_decision: seqNs / 1e3 / n,
    concurrent_us_per_decision: conNs / 1e3 / n,
    concurrency: opt.concurrency,
  },
  xiufu,
  differences: seq.diffs.length ? seq.diffs : con.diffs,
};
if (opt.out) writeFileSync(opt.out, JSON.stringify(result, null, 2) + '\n');

const us = (v) => v.toFixed(v < 1 ? 3 : 1);
console.log(`peers: ${decisionName} decision, ${result.rows} rows × ${result.inputs} inputs, ${n} record × platform decisions`);
console.log(`peers: agreement with xiufu (deciding rule id): ${result.agree}/${n} = ${result.agreement_pct.toFixed(2)}%`);
console.log(`peers: GoRules Zen ${result.zen.version} (Node ${process.version}): ${us(result.zen.sequential_us_per_decision)} µs/decision sequential, ` +
            `${us(result.zen.concurrent_us_per_decision)} µs/decision with ${opt.concurrency} in flight`);
if (xiufu) {
  console.log(`peers: xiufu matching of the same inputs: ${us(xiufu.sequential_ns_per_decision / 1e3)} µs/decision sequential, ` +
              `${us(xiufu.concurrent_ns_per_decision / 1e3)} µs/decision on ${xiufu.threads} threads ` +
              `(${(result.zen.sequential_us_per_decision * 1e3 / xiufu.sequential_ns_per_decision).toFixed(0)}× / ` +
              `${(result.zen.concurrent_us_per_decision * 1e3 / xiufu.concurrent_ns_per_decision).toFixed(0)}× faster)`);
  if (xiufu.evaluate_sequential_ns_per_decision) {
    console.log(`peers: xiufu whole evaluation (facts from raw records, all four decisions, dates): ` +
                `${us(xiufu.evaluate_sequential_ns_per_decision / 1e3)} µs per record × platform sequential, ` +
                `${us(xiufu.evaluate_concurrent_ns_per_decision / 1e3)} µs on ${xiufu.threads} threads`);
  }
}
for (const d of result.differences) console.log('peers: differs:', JSON.stringify(d));
process.exit(result.agree === n ? 0 : 1);
