// Read a JSON list of TeX strings on stdin; print a JSON list of
// {tex, error} for every string MathJax's TeX input rejects.
import {mathjax} from 'mathjax-full/js/mathjax.js';
import {TeX} from 'mathjax-full/js/input/tex.js';
import {SVG} from 'mathjax-full/js/output/svg.js';
import {liteAdaptor} from 'mathjax-full/js/adaptors/liteAdaptor.js';
import {RegisterHTMLHandler} from 'mathjax-full/js/handlers/html.js';
import {AllPackages} from 'mathjax-full/js/input/tex/AllPackages.js';

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
const tex = new TeX({packages: AllPackages, formatError: (jax, err) => { throw err; }});
const doc = mathjax.document('', {InputJax: tex, OutputJax: new SVG({fontCache: 'none'})});

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const errors = [];
  for (const item of JSON.parse(input)) {
    try {
      doc.convert(item, {display: true});
    } catch (err) {
      errors.push({tex: item, error: String(err.message || err)});
    }
  }
  process.stdout.write(JSON.stringify(errors));
});
