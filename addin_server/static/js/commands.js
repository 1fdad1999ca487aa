// The ribbon button opens the task pane (ShowTaskpane); Office still wants onReady here.
if (typeof Office !== "undefined") Office.onReady(() => {});
