// Ace by DAISY for many EPUBs in one Node process and one browser.
//
// Usage: node ace-server.js NODE_MODULES
// Reads one request a line on standard input, "OUTDIR<TAB>EPUB", checks EPUB with Ace's own
// Node API (@daisy/ace-core, which @daisy/ace-cli runs) and writes its report.json into
// OUTDIR, as `ace-cli --outdir OUTDIR EPUB` does; then answers on standard output with one
// line: "ok" or "error<TAB>message". Ends when standard input closes.
'use strict';

const path = require('path');
const readline = require('readline');
const util = require('util');
const { createRequire } = require('module');

// Standard output carries the answers only: whatever Ace prints goes to standard error.
const answers = process.stdout;
for (const name of ['log', 'info', 'warn', 'debug']) {
  console[name] = (...args) => process.stderr.write(`${util.format(...args)}\n`);
}

// The modules ace-cli itself loads, found from where it is installed.
const cli = createRequire(path.join(path.resolve(process.argv[2]), '@daisy', 'ace-cli', 'package.json'));
const axeRunner = cli('@daisy/ace-axe-runner-puppeteer');
const shared = createRequire(cli.resolve('@daisy/ace-cli-shared'));
const ace = shared('@daisy/ace-core');
const logger = shared('@daisy/ace-logger');

// Ace starts and closes its browser for every book; here the first book starts it and it
// stays open for the next ones, until the input ends.
let launched = null;
const runner = Object.create(axeRunner);
runner.launch = () => {
  launched = launched || axeRunner.launch();
  return launched;
};
runner.close = async () => {};

function answer(line) {
  return new Promise(resolve => answers.write(`${line}\n`, resolve));
}

async function check(outdir, epub) {
  try {
    await ace(epub, { cwd: process.cwd(), outdir, tmpdir: path.join(outdir, 'work'),
                      verbose: false, silent: true, jobId: '' }, runner);
    await answer('ok');
  } catch (err) {
    const message = String((err && err.message) || err || 'unknown error').split('\n')[0];
    await answer(`error\t${message}`);
  }
}

async function main() {
  logger.initLogger({ verbose: false, silent: true, fileName: 'ace-cli.log' });
  const input = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of input) {
    const [outdir, epub] = line.split('\t');
    if (outdir && epub) {
      await check(outdir, epub);
    } else {
      await answer(`error\tunreadable request: ${line}`);
    }
  }
  if (launched) {
    await launched;
    await axeRunner.close();
  }
  process.exit(0);
}

main().catch(err => {
  process.stderr.write(`${(err && err.stack) || err}\n`);
  process.exit(1);
});
