package serve

// Messages users read, on the page or as an HTTP error body (SPEC §2: Chinese).
const (
	msgBadHost         = "拒绝访问：请求的地址不是本程序提供的网址（为防止其他网页冒用本机服务）"
	msgBadPath         = "拒绝访问：网址中含有不允许的路径"
	msgCrossOrigin     = "拒绝访问：只接受来自本页面的操作"
	msgBadToken        = "拒绝访问：页面凭证无效，请刷新页面后重试"
	msgNotFound        = "没有这个页面"
	msgNoSession       = "本次会话已结束（页面关闭或超过一小时未使用，上传的文件和结果已删除），请刷新页面重新上传"
	msgTooManySessions = "同时打开的页面过多，请关闭一些页面后再试"
	msgStale           = "这是之前一批的结果，已被新的一批替换，请重新下载"
	msgBusy            = "上一批还在处理中，请等待完成后再上传"
	msgNotMultipart    = "上传格式不正确"
	msgUploadTooLarge  = "上传内容过大（单次上限 %s），请分批上传"
	msgNothingUploaded = "没有收到可处理的文件"
	msgNotFinished     = "这一批还没有处理完"
	msgBadYear         = "年度应为 2000 至 2100 之间的数字"
	msgTemplateFailed  = "生成填报模板失败：%v"
	msgCancelled       = "已取消"

	msgBadName         = "文件名不合法（含有“..”、控制字符或层级过深），未处理"
	msgFileTooLarge    = "文件过大（单个文件上限 %s），未处理"
	msgTooManyFiles    = "文件过多（每批最多 %d 个），未处理"
	msgZipTooManyFiles = "压缩包内文件过多（每批最多 %d 个），未处理"
	msgZipTooLarge     = "压缩包解压后过大（每批上限 %s），未处理"
	msgBadZip          = "压缩包已损坏或无法读取，未处理"
	msgEmptyZip        = "压缩包是空的"
	msgNotRegular      = "不是普通文件（如符号链接），未处理"
)
