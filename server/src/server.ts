import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';

// createConnection reads the transport from the command line: --stdio for editors such as Neovim
// or Helix, --node-ipc when VS Code starts the server.
startServer(createConnection(ProposedFeatures.all));
