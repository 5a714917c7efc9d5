export { KeyedRandom, mix32, hashString32, normalFromUniform, exp1FromUniform, STREAM } from './keyed.js';
