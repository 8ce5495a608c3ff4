import { ApiError, type ApiErrorBody } from "../api.js";

export interface UploadResult {
  created: number;
  rejected: Array<{ row: number; message: string }>;
  dryRun?: boolean;
}

/**
 * Posts a CSV file with upload progress. XMLHttpRequest rather than fetch because fetch
 * cannot report how much of a large file has been sent.
 */
export function uploadCsv(
  surveyId: string,
  csv: string,
  csrfToken: string,
  options: { dryRun: boolean; onProgress?: (fraction: number) => void },
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = options.dryRun ? "?dryRun=1" : "";
    xhr.open("POST", `/api/v1/surveys/${encodeURIComponent(surveyId)}/invitations${query}`);
    xhr.setRequestHeader("content-type", "text/csv; charset=utf-8");
    xhr.setRequestHeader("x-csrf-token", csrfToken);
    xhr.withCredentials = true;
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    });
    xhr.addEventListener("load", () => {
      const body = xhr.response as (UploadResult & { error?: ApiErrorBody }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else
        reject(new ApiError(xhr.status, body?.error ?? { code: "unknown", message: "The upload failed." }));
    });
    xhr.addEventListener("error", () => reject(new Error("network")));
    xhr.send(csv);
  });
}
