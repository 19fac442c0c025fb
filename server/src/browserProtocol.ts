/**
 * The one request the browser server adds to LSP: the client reads a workspace file for it (a worker has no file
 * system). Plain names and types only, so the client bundle takes nothing of the server's from here.
 */

/** Server to client, params ReadFileParams: the text of `uri` through the editor's workspace file system, or null. */
export const READ_FILE_METHOD = 'sidecarLint/readFile';

export interface ReadFileParams {
  uri: string;
}

/** Set to true in initializationOptions by a client that answers READ_FILE_METHOD. */
export const READS_WORKSPACE_FILES = 'workspaceFiles';
