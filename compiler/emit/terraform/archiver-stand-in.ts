/**
 * `archiver` as the `emit` bundle sees it (scripts/bundle.ts maps cdktf's
 * `require('archiver')` here): defer-archiver's stand-in, which loads the
 * real module on first use, found where cdktf would find it.
 */
import { ARCHIVER_STAND_IN } from './defer-archiver';

module.exports = ARCHIVER_STAND_IN;
