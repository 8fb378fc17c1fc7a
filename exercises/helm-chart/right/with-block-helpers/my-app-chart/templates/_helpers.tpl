{{/* The labels every object of the chart carries. */}}
{{- define "my-app-chart.labels" -}}
app: {{ .Values.app.name | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
