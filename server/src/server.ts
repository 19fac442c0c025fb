/** The language server as a Node process (stdio, IPC or a socket, as the client asks); the LSP wiring is in serverCore.ts. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodeHost } from './nodeHost';
import { startServer } from './serverCore';

startServer(createConnection(ProposedFeatures.all), nodeHost);
