// Command ids contributed in package.json and registered in commands/index.ts (the manifest test checks both).
export const DELETE_SELECTED_USERS_COMMAND = 'userErasure.deleteSelectedUsers';
export const PREVIEW_SELECTED_USERS_COMMAND = 'userErasure.previewSelectedUsers';
export const OPEN_SAMPLE_IDS_COMMAND = 'userErasure.openSampleIds';
export const COPY_IDS_COMMAND = 'userErasure.copyIds';
export const SHOW_DETAILS_COMMAND = 'userErasure.showDetails';
export const RETRY_FAILED_COMMAND = 'userErasure.retryFailed';
export const RESUME_JOB_COMMAND = 'userErasure.resumeJob';
export const CANCEL_JOB_COMMAND = 'userErasure.cancelJob';
export const REMOVE_JOB_COMMAND = 'userErasure.removeJob';
export const CLEAR_HISTORY_COMMAND = 'userErasure.clearHistory';
export const SHOW_LOG_COMMAND = 'userErasure.showLog';
export const VERIFY_NOW_COMMAND = 'userErasure.verifyNow';
export const EXPORT_JOB_COMMAND = 'userErasure.exportJob';
export const EXPORT_HISTORY_COMMAND = 'userErasure.exportHistory';
export const FIND_JOB_COMMAND = 'userErasure.findJob';
export const OPEN_WALKTHROUGH_COMMAND = 'userErasure.openWalkthrough';
export const REPAIR_HISTORY_COMMAND = 'userErasure.repairHistory';
