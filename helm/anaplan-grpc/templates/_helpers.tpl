{{/* Names and labels. */}}
{{- define "anaplan-grpc.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "anaplan-grpc.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object, without a component. */}}
{{- define "anaplan-grpc.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "anaplan-grpc.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: anaplan-grpc
{{- end -}}

{{/* Labels of the server's objects. */}}
{{- define "anaplan-grpc.labels" -}}
{{ include "anaplan-grpc.commonLabels" . }}
app.kubernetes.io/component: server
{{- end -}}

{{- define "anaplan-grpc.selectorLabels" -}}
app.kubernetes.io/name: {{ include "anaplan-grpc.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end -}}

{{- define "anaplan-grpc.emulatorSelectorLabels" -}}
app.kubernetes.io/name: {{ include "anaplan-grpc.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: emulator
{{- end -}}

{{- define "anaplan-grpc.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "anaplan-grpc.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "anaplan-grpc.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "anaplan-grpc.emulatorName" -}}
{{- printf "%s-emulator" (include "anaplan-grpc.fullname" . | trunc 54 | trimSuffix "-") -}}
{{- end -}}

{{- define "anaplan-grpc.emulatorUrl" -}}
{{- printf "http://%s:%d" (include "anaplan-grpc.emulatorName" .) (int .Values.emulator.port) -}}
{{- end -}}

{{/* Secrets: the user's existingSecret or the one the chart creates. */}}
{{- define "anaplan-grpc.credentialsSecret" -}}
{{- default (printf "%s-credentials" (include "anaplan-grpc.fullname" .)) .Values.credentials.existingSecret -}}
{{- end -}}
{{- define "anaplan-grpc.tlsSecret" -}}
{{- default (printf "%s-tls" (include "anaplan-grpc.fullname" .)) .Values.tls.existingSecret -}}
{{- end -}}
{{- define "anaplan-grpc.callerAuthSecret" -}}
{{- default (printf "%s-caller-auth" (include "anaplan-grpc.fullname" .)) .Values.callerAuth.existingSecret -}}
{{- end -}}

{{/* Where Secrets are mounted. */}}
{{- define "anaplan-grpc.credentialsDir" -}}/etc/anaplan-grpc/credentials{{- end -}}
{{- define "anaplan-grpc.tlsDir" -}}/etc/anaplan-grpc/tls{{- end -}}
{{- define "anaplan-grpc.callerAuthDir" -}}/etc/anaplan-grpc/caller-auth{{- end -}}

{{/*
A flag value as the server parses it. YAML numbers reach templates as
float64, which would print 25000000 as 2.5e+07: whole numbers print as
integers.
*/}}
{{- define "anaplan-grpc.flagValue" -}}
{{- if kindIs "float64" . -}}
{{- if eq . (floor .) -}}{{ printf "%.0f" . }}{{- else -}}{{ . }}{{- end -}}
{{- else -}}
{{- . -}}
{{- end -}}
{{- end -}}

{{/*
Every flag the server gets, as a dict name -> value (YAML). Precedence,
lowest first: the chart's settings, `config`, `flags`.
*/}}
{{- define "anaplan-grpc.flags" -}}
{{- $v := .Values -}}
{{- $f := dict -}}
{{- $_ := set $f "listen" (printf "0.0.0.0:%d" (int $v.containerPorts.grpc)) -}}
{{- if $v.metrics.enabled -}}
{{- $_ := set $f "metrics_listen" (printf "0.0.0.0:%d" (int $v.containerPorts.metrics)) -}}
{{- end -}}
{{- if $v.emulator.enabled -}}
{{- $u := include "anaplan-grpc.emulatorUrl" . -}}
{{- $_ := set $f "auth_url" $u -}}
{{- $_ := set $f "api_url" (printf "%s/2/0" $u) -}}
{{- $_ := set $f "audit_url" (printf "%s/audit/api/1" $u) -}}
{{- $_ := set $f "cloudworks_url" (printf "%s/2/0" $u) -}}
{{- $_ := set $f "scim_url" (printf "%s/scim/1/0/v2" $u) -}}
{{- $_ := set $f "oauth_url" $u -}}
{{- end -}}
{{- $dir := include "anaplan-grpc.credentialsDir" . -}}
{{- $m := $v.credentials.method -}}
{{- if eq $m "basic" -}}
{{- $_ := set $f "password_file" (printf "%s/password" $dir) -}}
{{- else if eq $m "token" -}}
{{- $_ := set $f "token_file" (printf "%s/token" $dir) -}}
{{- else if eq $m "certificate" -}}
{{- $_ := set $f "certificate_file" (printf "%s/certificate.pem" $dir) -}}
{{- $_ := set $f "private_key_file" (printf "%s/private-key.pem" $dir) -}}
{{- if or $v.credentials.certificate.privateKeyPassword $v.credentials.certificate.privateKeyEncrypted -}}
{{- $_ := set $f "private_key_password_file" (printf "%s/private-key-password" $dir) -}}
{{- end -}}
{{- else if eq $m "oauth" -}}
{{- $o := $v.credentials.oauth -}}
{{- if or $o.clientSecret (and $v.credentials.existingSecret (not $o.deviceGrant)) -}}
{{- $_ := set $f "oauth_client_secret_file" (printf "%s/oauth-client-secret" $dir) -}}
{{- end -}}
{{- $_ := set $f "oauth_refresh_token_file" (default (printf "%s/oauth-refresh-token" $dir) $o.refreshTokenFile) -}}
{{- if $o.deviceGrant -}}
{{- $_ := set $f "oauth_device_grant" true -}}
{{- end -}}
{{- with $o.redirectUri -}}
{{- $_ := set $f "oauth_redirect_uri" . -}}
{{- end -}}
{{- end -}}
{{- if $v.tls.enabled -}}
{{- $t := include "anaplan-grpc.tlsDir" . -}}
{{- $_ := set $f "tls_cert_file" (printf "%s/tls.crt" $t) -}}
{{- $_ := set $f "tls_key_file" (printf "%s/tls.key" $t) -}}
{{- if $v.tls.requireClientCert -}}
{{- $_ := set $f "tls_client_ca_file" (printf "%s/ca.crt" $t) -}}
{{- end -}}
{{- end -}}
{{- if $v.callerAuth.enabled -}}
{{- $_ := set $f "caller_auth_file" (printf "%s/caller-auth" (include "anaplan-grpc.callerAuthDir" .)) -}}
{{- end -}}
{{- range $k, $x := $v.config -}}
{{- if not (kindIs "invalid" $x) -}}
{{- $_ := set $f $k $x -}}
{{- end -}}
{{- end -}}
{{- range $k, $x := $v.flags -}}
{{- if not (kindIs "invalid" $x) -}}
{{- $_ := set $f $k $x -}}
{{- end -}}
{{- end -}}
{{- toYaml $f -}}
{{- end -}}

{{/*
Refuses combinations the server would refuse at start (or that would leave
it unprotected), with the fix in the message.
*/}}
{{- define "anaplan-grpc.validate" -}}
{{- $v := .Values -}}
{{- $flags := include "anaplan-grpc.flags" . | fromYaml -}}
{{- $callerAuth := or (and $v.tls.enabled $v.tls.requireClientCert) $v.callerAuth.enabled -}}
{{- $insecure := get $flags "allow_insecure_non_loopback" -}}
{{- if and (ne $v.credentials.method "none") (not $callerAuth) (not (eq (toString $insecure) "true")) -}}
{{- fail "credentials are configured but callers are not authenticated: enable tls.requireClientCert or callerAuth, or set config.allow_insecure_non_loopback=true if the network is trusted" -}}
{{- end -}}
{{- $o := $v.credentials.oauth -}}
{{- if and (ne $v.credentials.method "oauth") (or $o.deviceGrant $o.authorizationCode $o.redirectUri $o.refreshTokenFile) -}}
{{- fail "credentials.oauth.deviceGrant, authorizationCode, redirectUri and refreshTokenFile need credentials.method=oauth" -}}
{{- end -}}
{{- if eq $v.credentials.method "oauth" -}}
{{- $code := include "anaplan-grpc.oauthCodeFromSecret" . -}}
{{- if and $o.deviceGrant $code -}}
{{- fail "credentials.oauth: bootstrap with deviceGrant or with authorizationCode/redirectUri, not both" -}}
{{- end -}}
{{- if and (or $o.deviceGrant $code) (not $o.refreshTokenFile) -}}
{{- fail "credentials.oauth.deviceGrant/authorizationCode need credentials.oauth.refreshTokenFile: a path on a writable volume (extraVolumes/extraVolumeMounts) where the server stores the refresh token it obtains; the Secret mount is read-only" -}}
{{- end -}}
{{- if and $o.deviceGrant (not $v.probes.startup.enabled) -}}
{{- fail "credentials.oauth.deviceGrant needs probes.startup.enabled: the grant runs before the server listens, and only the startup probe waits for the approval (liveness would restart the pod)" -}}
{{- end -}}
{{- if and $o.authorizationCode (not $o.redirectUri) -}}
{{- fail "credentials.oauth.authorizationCode needs credentials.oauth.redirectUri (the redirect URI the code was issued for)" -}}
{{- end -}}
{{- if and $o.refreshTokenFile $o.refreshToken -}}
{{- fail "credentials.oauth.refreshToken is not read with credentials.oauth.refreshTokenFile: put the token in that file, or bootstrap it with deviceGrant or authorizationCode" -}}
{{- end -}}
{{- end -}}
{{- if and $v.metrics.serviceMonitor.enabled (not $v.metrics.enabled) -}}
{{- fail "metrics.serviceMonitor.enabled needs metrics.enabled" -}}
{{- end -}}
{{- if and $v.tls.requireClientCert (not $v.tls.enabled) -}}
{{- fail "tls.requireClientCert needs tls.enabled" -}}
{{- end -}}
{{- if and $v.tls.enabled (not $v.tls.existingSecret) (or (not $v.tls.cert) (not $v.tls.key)) -}}
{{- fail "tls.enabled needs tls.existingSecret, or tls.cert and tls.key" -}}
{{- end -}}
{{- if and $v.tls.requireClientCert (not $v.tls.existingSecret) (not $v.tls.clientCA) -}}
{{- fail "tls.requireClientCert needs tls.clientCA (or ca.crt in tls.existingSecret)" -}}
{{- end -}}
{{- if and $v.callerAuth.enabled (not $v.callerAuth.existingSecret) (not $v.callerAuth.file) -}}
{{- fail "callerAuth.enabled needs callerAuth.existingSecret or callerAuth.file" -}}
{{- end -}}
{{- $grace := get $flags "shutdown_grace_seconds" | default 10 | float64 -}}
{{- if gt (addf $grace $v.preStopSleepSeconds 2) (float64 $v.terminationGracePeriodSeconds) -}}
{{- fail (printf "terminationGracePeriodSeconds (%v) must exceed preStopSleepSeconds + shutdown_grace_seconds + 2 (%v)" $v.terminationGracePeriodSeconds (addf $grace $v.preStopSleepSeconds 2)) -}}
{{- end -}}
{{- end -}}

{{/*
"true" when the server gets --oauth_authorization_code from the credentials
Secret (key oauth-authorization-code): set in the values, or an
existingSecret with credentials.oauth.redirectUri.
*/}}
{{- define "anaplan-grpc.oauthCodeFromSecret" -}}
{{- $v := .Values -}}
{{- if and (eq $v.credentials.method "oauth") (or $v.credentials.oauth.authorizationCode (and $v.credentials.existingSecret $v.credentials.oauth.redirectUri)) -}}
true
{{- end -}}
{{- end -}}

{{/* One probe: native gRPC, or grpc_health_probe (always with TLS). */}}
{{- define "anaplan-grpc.probe" -}}
{{- $root := index . 0 -}}
{{- $p := index . 1 -}}
{{- $v := $root.Values -}}
{{- if or (eq $v.probes.type "exec") $v.tls.enabled }}
exec:
  command:
    {{- include "anaplan-grpc.healthProbeArgs" (list $root "127.0.0.1" $p.service) | nindent 4 }}
    - -connect-timeout={{ $p.timeoutSeconds }}s
    - -rpc-timeout={{ $p.timeoutSeconds }}s
{{- else }}
grpc:
  port: {{ $v.containerPorts.grpc }}
  {{- if $p.service }}
  service: {{ $p.service | quote }}
  {{- end }}
{{- end }}
periodSeconds: {{ $p.periodSeconds }}
timeoutSeconds: {{ $p.timeoutSeconds }}
failureThreshold: {{ $p.failureThreshold }}
{{- end -}}

{{/* grpc_health_probe command line (list root host service). */}}
{{- define "anaplan-grpc.healthProbeArgs" -}}
{{- $root := index . 0 -}}
{{- $v := $root.Values -}}
{{- $host := index . 1 -}}
{{- $service := index . 2 -}}
{{- $port := ternary $v.containerPorts.grpc $v.service.port (eq $host "127.0.0.1") -}}
- /usr/local/bin/grpc_health_probe
- -addr={{ $host }}:{{ $port }}
{{- if $service }}
- -service={{ $service }}
{{- end }}
{{- if $v.tls.enabled }}
- -tls
- -tls-no-verify
{{- if $v.tls.requireClientCert }}
- -tls-client-cert={{ include "anaplan-grpc.tlsDir" $root }}/tls.crt
- -tls-client-key={{ include "anaplan-grpc.tlsDir" $root }}/tls.key
{{- end }}
{{- end }}
{{- end -}}
