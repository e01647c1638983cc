/** The engine's web worker: everything heavy runs here, exposed to the page with comlink. */
import * as Comlink from 'comlink';
import '../src/rpc/error-transfer';
import { Engine } from '../src/engine/engine';

Comlink.expose(new Engine());
