export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Calls the HTTP API the way the staff pages do: a session cookie kept between calls and the
 * CSRF token sent on every write.
 */
export class ApiClient {
  private cookie = "";
  csrfToken = "";

  constructor(readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<ApiResponse> {
    const response = await this.request("POST", "/api/v1/auth/login", { email, password });
    if (response.status === 200) this.csrfToken = String(response.body["csrfToken"]);
    return response;
  }

  get<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>("GET", path);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>("POST", path, body);
  }

  patch<T = Record<string, unknown>>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>("PATCH", path, body);
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookie) headers["cookie"] = this.cookie;
    if (this.csrfToken && method !== "GET") headers["x-csrf-token"] = this.csrfToken;
    let payload: string | undefined;
    if (body !== undefined) {
      headers["content-type"] ??= "application/json";
      payload = typeof body === "string" ? body : JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const text = await response.text();
    const parsed = text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
}
